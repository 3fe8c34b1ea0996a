module github.com/tdscaling/tdscaling/services/blueprint

go 1.26.0
