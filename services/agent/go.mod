module github.com/tdscaling/tdscaling/services/agent

go 1.26.0
