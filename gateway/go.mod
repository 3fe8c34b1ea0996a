module github.com/tdscaling/tdscaling/gateway

go 1.26.0
