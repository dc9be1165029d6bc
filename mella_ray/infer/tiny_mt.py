"""A tiny random-weight seq2seq translator (MarianMTModel), built offline for tests and demos.

It has the parts a real NLLB-style MT model has where our code touches them: an encoder-decoder
config (is_encoder_decoder), a fast tokenizer whose vocabulary holds FLORES-200 language codes
as special tokens (so the target is forced as the first decoder token), an end-of-sequence
token appended to the source, and a model_max_length. Its output is noise.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

TINY_MT = "tiny:mt"
VOCAB_SIZE = 1024
MAX_LENGTH = 512


def build_mt_tokenizer(out: Path):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    from mella_ray.infer.langcodes import FLORES
    from mella_ray.infer.tiny import _corpus  # the same training text as the other tiny tokenizers

    codes = sorted(set(FLORES.values()))
    specials = ["<pad>", "</s>", "<unk>", *codes]
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(_corpus(), trainer=trainer)
    # Marian and NLLB encoders see "<text> </s>": the source ends with an explicit EOS.
    tok.post_processor = processors.TemplateProcessing(
        single="$A </s>", special_tokens=[("</s>", tok.token_to_id("</s>"))]
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<pad>", eos_token="</s>", unk_token="<unk>", model_max_length=MAX_LENGTH
    )
    fast.save_pretrained(out)
    return fast


def build_tiny_mt(out: str | Path, seed: int = 0) -> Path:
    """A MarianMTModel of ~0.1M parameters with an NLLB-style tokenizer, saved to `out`."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tok = build_mt_tokenizer(out)
    pad, eos = tok.pad_token_id, tok.eos_token_id
    cfg = MarianConfig(
        vocab_size=len(tok),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=MAX_LENGTH,
        pad_token_id=pad,
        eos_token_id=eos,
        decoder_start_token_id=pad,
        share_encoder_decoder_embeddings=True,
        scale_embedding=True,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(cfg)
    gc = model.generation_config
    gc.pad_token_id, gc.eos_token_id, gc.decoder_start_token_id = pad, eos, pad
    gc.num_beams, gc.forced_eos_token_id = 1, None  # no forced EOS: a cut-off output must look cut off
    # Random weights pick <unk>/<pad> as often as words and loop on one token; keep the output
    # text-like so that the quality gate passes some of it and the pipeline is exercised.
    gc.suppress_tokens = [pad, tok.unk_token_id]
    gc.no_repeat_ngram_size = 2
    model.save_pretrained(out)
    log.info("built tiny MarianMT (%d parameters) at %s", sum(p.numel() for p in model.parameters()), out)
    return out
