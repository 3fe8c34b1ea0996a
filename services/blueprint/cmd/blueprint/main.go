// Command blueprint runs the TDScaling blueprint service on its own.
package main

import (
	"os"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/services/blueprint"
)

func main() {
	os.Exit(app.Main(blueprint.New(), "127.0.0.1:9102", os.Args[1:]))
}
