// Command evolve runs the TDScaling evolve service on its own.
package main

import (
	"os"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/services/evolve"
)

func main() {
	os.Exit(app.Main(evolve.New(), "127.0.0.1:9104", os.Args[1:]))
}
