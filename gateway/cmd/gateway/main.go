// Command gateway runs the TDScaling gateway service on its own.
package main

import (
	"os"

	"github.com/tdscaling/tdscaling/gateway"
	"github.com/tdscaling/tdscaling/platform/app"
)

func main() {
	os.Exit(app.Main(gateway.New(), "127.0.0.1:9100", os.Args[1:]))
}
