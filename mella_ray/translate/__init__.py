"""Translate pivot-language captions into the target languages (the second half of D_ling)."""
