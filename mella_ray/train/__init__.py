"""Fine-tune a vision-language model on the mix with Ray Train (LoRA on a replicated base, or full
fine-tuning sharded with FSDP2).

model.py loads and freezes, parallel.py replicates or shards, rows.py reads each worker's slice
of the files, data.py and packing.py collate, loop.py trains, checkpoint.py saves and restores,
tracking.py writes the curves, export.py writes the servable folder; only stage.py touches Ray
Train's trainer.
"""
