// Command cluster runs the TDScaling cluster service on its own.
package main

import (
	"os"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/services/cluster"
)

func main() {
	os.Exit(app.Main(cluster.New(), "127.0.0.1:9101", os.Args[1:]))
}
