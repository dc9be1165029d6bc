"""Caption pool images in a pivot language (the first half of D_ling)."""
