"""Content files: strict YAML/Markdown checking and loading into a ContentBundle."""
