module github.com/tdscaling/tdscaling/services/cluster

go 1.26.0
