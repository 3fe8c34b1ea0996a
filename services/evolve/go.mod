module github.com/tdscaling/tdscaling/services/evolve

go 1.26.0
