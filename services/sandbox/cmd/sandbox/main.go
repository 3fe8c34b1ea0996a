// Command sandbox runs the TDScaling sandbox service on its own.
package main

import (
	"os"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/services/sandbox"
)

func main() {
	os.Exit(app.Main(sandbox.New(), "127.0.0.1:9105", os.Args[1:]))
}
