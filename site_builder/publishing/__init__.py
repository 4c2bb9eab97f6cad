"""Publishing: write the output folder atomically, and keep the persistent build state."""
