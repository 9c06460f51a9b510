"""Files and YAML: guarded reading, positions, safe writes, segmented editing, the lock,
loading files into models, and the questionnaire repository. Imports the core only."""
