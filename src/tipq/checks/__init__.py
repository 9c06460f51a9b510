"""The rules: questionnaire lint (``tipq check``) and response validation (``tipq validate``).
They return findings; they never print."""
