module github.com/tdscaling/tdscaling/bench

go 1.26.0

require (
	github.com/tdscaling/tdscaling/gen/go v0.0.0
	github.com/tdscaling/tdscaling/platform v0.0.0
	github.com/tdscaling/tdscaling/services/cluster v0.0.0
	github.com/tdscaling/tdscaling/services/blueprint v0.0.0
	github.com/tdscaling/tdscaling/services/sandbox v0.0.0
)

replace (
	github.com/tdscaling/tdscaling/gen/go => ../gen/go
	github.com/tdscaling/tdscaling/platform => ../platform
	github.com/tdscaling/tdscaling/services/blueprint => ../services/blueprint
	github.com/tdscaling/tdscaling/services/cluster => ../services/cluster
	github.com/tdscaling/tdscaling/services/sandbox => ../services/sandbox
)
