module github.com/tdscaling/tdscaling/platform

go 1.26.0
