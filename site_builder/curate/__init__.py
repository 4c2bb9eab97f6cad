"""The curator's toolkit: commands that start a timeline and draft content for review, never the site itself."""
