"""The live server: build, serve, watch the inputs and reload open pages on every change."""
