module github.com/tdscaling/tdscaling/services/sandbox

go 1.26.0
