"""The site: plan the pages, render them with Jinja2 and Markdown, fingerprint the static files."""
