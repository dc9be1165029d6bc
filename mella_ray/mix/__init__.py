"""Mix D_know and D_ling into train/val/test conversations."""
