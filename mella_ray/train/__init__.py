"""Fine-tune a vision-language model on the mix with Ray Train (FSDP2, LoRA or full).

model.py loads and freezes, parallel.py shards, data.py collates, loop.py trains,
checkpoint.py saves and restores, export.py writes the servable folder; only stage.py
touches Ray Train's trainer.
"""
