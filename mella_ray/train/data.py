"""Conversation rows to model inputs, with loss on the answer tokens only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import torch

from mella_ray.infer.processors import decode_image

IGNORE = -100


def _messages(instruction: str, answer: str | None) -> list[dict]:
    msgs = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": instruction}]}]
    if answer is not None:
        msgs.append({"role": "assistant", "content": [{"type": "text", "text": answer}]})
    return msgs


def encode_sample(
    processor, row: dict, max_length: int, max_pixels: int, rope_index: Callable[[dict], torch.Tensor] | None = None
) -> dict | None:
    """One row -> input_ids/labels/... tensors, or None when its prompt alone is too long.

    The prompt (system + user turn with the image) ends where the loss mask begins, whatever the
    chat template inserts (prompt_length). With `rope_index` (train/packing.py) the sample also carries its
    own rotary positions, computed on the whole sample before the answer is cut to max_length.
    """
    image = decode_image(row["image"], max_pixels)
    prompt = processor.apply_chat_template(
        _messages(row["instruction"], None), add_generation_prompt=True, tokenize=False
    )
    full = processor.apply_chat_template(_messages(row["instruction"], row["answer"]), tokenize=False)
    enc = processor(text=[full], images=[image], return_tensors="pt")
    n_prompt = prompt_length(processor.tokenizer, prompt, full, enc["input_ids"].shape[1])
    if n_prompt >= max_length:
        return None
    ids = enc["input_ids"][0][:max_length]
    labels = ids.clone()
    labels[:n_prompt] = IGNORE
    out = {"input_ids": ids, "labels": labels, "attention_mask": torch.ones_like(ids)}
    if "mm_token_type_ids" in enc:  # Qwen2-VL's forward needs it to place image tokens
        out["mm_token_type_ids"] = enc["mm_token_type_ids"][0][:max_length]
    out["pixel_values"] = enc["pixel_values"]
    out["image_grid_thw"] = enc["image_grid_thw"]
    if rope_index is not None:
        whole = {
            "input_ids": enc["input_ids"][0],
            "mm_token_type_ids": enc["mm_token_type_ids"][0],
            "image_grid_thw": enc["image_grid_thw"],
        }
        out["position_ids"] = rope_index(whole)[:, :max_length]
    return out


def prompt_length(tokenizer, prompt: str, full: str, encoded_full: int) -> int:
    """How many tokens of the processed `full` text (encoded_full long) belong to its prefix `prompt`.

    The processor expands the image placeholder of the chat template into the image's tokens
    and tokenizes the result; the expansion is a run of special tokens, so tokenizing the
    unexpanded texts differs from the processor's only by that run, the same for both texts
    (one image, inside the prompt). So the text of the prompt is tokenized alone, not processed
    again with its image: the image pipeline, most of a sample's encoding, runs once.
    """
    expansion = encoded_full - len(tokenizer(full)["input_ids"])
    return len(tokenizer(prompt)["input_ids"]) + expansion


def collate(samples: list[dict], pad_id: int) -> dict:
    """Right-pad a micro-batch; images concatenate along the patch axis, as the model expects."""
    longest = max(s["input_ids"].shape[0] for s in samples)

    def pad(key: str, value: int) -> torch.Tensor:
        return torch.stack(
            [torch.nn.functional.pad(s[key], (0, longest - s[key].shape[0]), value=value) for s in samples]
        )

    batch = {
        "input_ids": pad("input_ids", pad_id),
        "labels": pad("labels", IGNORE),
        "attention_mask": pad("attention_mask", 0),
    }
    if "mm_token_type_ids" in samples[0]:
        batch["mm_token_type_ids"] = pad("mm_token_type_ids", 0)
    batch["pixel_values"] = torch.cat([s["pixel_values"] for s in samples])
    batch["image_grid_thw"] = torch.cat([s["image_grid_thw"] for s in samples])
    return batch


def real_tokens(batch: dict) -> int:
    """Tokens of a micro-batch that are not padding: a padded batch counts its attention mask, a
    packed one (train/packing.py) carries the count."""
    return int(batch["num_tokens"]) if "num_tokens" in batch else int(batch["attention_mask"].sum())


def masked_copy(sample: dict) -> dict:
    """A sample that costs compute but adds nothing to the loss: every label ignored."""
    return dict(sample, labels=torch.full_like(sample["labels"], IGNORE))


class MicroBatches:
    """Endless micro-batches from one worker's rows, length-grouped within a window, with a
    position that a checkpoint saves and a resumed run starts from.

    A window of `length_group_window` micro-batches' worth of rows is sorted by length and
    cut into micro-batches, so padding stays small without sorting the whole epoch.

    Every row read becomes exactly one sample. A row whose prompt alone exceeds max_length
    cannot be trained on, so it becomes a masked copy of another sample of its window
    (counted in `masked`). Skipping it instead would let workers read at different rates,
    and Ray's split makes every worker wait for the others at each epoch start while the
    others wait in FSDP collectives: a deadlock. It would also make the position depend
    on which rows were too long.

    `collate_fn` turns a micro-batch's samples into the model's inputs: `collate` (padding) by
    default, or a packing function (train/packing.pack).

    `position` is {"rows": rows read before the current window, "batches": micro-batches of
    that window already handed out}. `rows_from(skip)` must give the same rows in the same
    order on every run (the train stage asks Ray Data to preserve order), so a resumed run
    rebuilds the same window and drops the micro-batches that were already trained on.

    With `encode_threads` > 1 a window's rows are encoded on that many threads (image decoding,
    resizing and tokenisation release the GIL for most of their time), in the same order.
    """

    def __init__(
        self,
        rows_from: Callable[[int], Iterator[dict]],
        encode: Callable[[dict], dict | None],
        micro_batch: int,
        window_batches: int,
        pad_id: int,
        position: dict | None = None,
        encode_threads: int = 1,
        collate_fn: Callable[[list[dict], int], dict] | None = None,
    ):
        self.encode, self.micro_batch, self.window_batches, self.pad_id = encode, micro_batch, window_batches, pad_id
        self.collate = collate_fn or collate
        self._pool = ThreadPoolExecutor(encode_threads, thread_name_prefix="encode") if encode_threads > 1 else None
        self.window_rows = micro_batch * window_batches
        self.position = {"rows": 0, "batches": 0, **(position or {})}
        self.masked = 0
        self._batches = self._generate(rows_from(self.position["rows"]), self.position["batches"])

    def __iter__(self) -> MicroBatches:
        return self

    def close(self) -> None:
        """Stop the encoding threads; rows of a window not yet started are dropped."""
        if self._pool:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def __next__(self) -> dict:
        return next(self._batches)

    def _window(self, rows: Iterator[dict]) -> list[dict]:
        read = [next(rows) for _ in range(self.window_rows)]
        samples = list(self._pool.map(self.encode, read)) if self._pool else [self.encode(r) for r in read]
        usable = [s for s in samples if s is not None]
        if not usable:
            raise ValueError(
                f"none of {self.window_rows} rows in a row fits train.max_length: every prompt (image tokens "
                "included) is longer; raise train.max_length or lower train.max_pixels"
            )
        self.masked += self.window_rows - len(usable)
        samples = [s if s is not None else masked_copy(usable[i % len(usable)]) for i, s in enumerate(samples)]
        if self.window_batches > 1:
            samples.sort(key=lambda s: s["input_ids"].shape[0])
        return samples

    def _generate(self, rows: Iterator[dict], skip: int) -> Iterator[dict]:
        while True:
            samples = self._window(rows)
            start = self.position["rows"]
            for b in range(skip, self.window_batches):
                # set before the hand-out: the batch is trained on by the time a checkpoint saves this
                last = b + 1 == self.window_batches
                self.position = {"rows": start + self.window_rows * last, "batches": 0 if last else b + 1}
                yield self.collate(samples[b * self.micro_batch : (b + 1) * self.micro_batch], self.pad_id)
            skip = 0
