module github.com/tdscaling/tdscaling/cmd/tds

go 1.26.0
