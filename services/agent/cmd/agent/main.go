// Command agent runs the TDScaling agent service on its own.
package main

import (
	"os"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/services/agent"
)

func main() {
	os.Exit(app.Main(agent.New(), "127.0.0.1:9103", os.Args[1:]))
}
