"""The seq2seq MT engine (tiny Marian, language-code plans) and the vLLM translation of the YAML,
tested without vLLM installed."""

from __future__ import annotations

import pytest

from mella_ray.config import EngineConfig
from mella_ray.infer import GenRequest, load_engine
from mella_ray.infer.langcodes import LangCodes

QWEN2VL = {"model_type": "qwen2_vl", "vision_config": {"depth": 32}}
QWEN2 = {"model_type": "qwen2"}


class VocabTokenizer:
    """Just enough of a tokenizer for LangCodes: a vocabulary."""

    def __init__(self, tokens):
        self.vocab = {t: i for i, t in enumerate(tokens)}

    def get_vocab(self):
        return dict(self.vocab)

    def convert_tokens_to_ids(self, t):
        return self.vocab[t]


def test_language_codes_follow_the_model_family():
    nllb = LangCodes(VocabTokenizer(["<s>", "eng_Latn", "srp_Cyrl", "ces_Latn"])).plan("en", "sr")
    assert (nllb.family, nllb.src_lang, nllb.forced_bos_token_id, nllb.prefix) == ("nllb", "eng_Latn", 2, "")
    m2m = LangCodes(VocabTokenizer(["<s>", "__en__", "__cs__"])).plan("en", "cs")
    assert (m2m.family, m2m.src_lang, m2m.forced_bos_token_id) == ("m2m100", "en", 2)
    marian = LangCodes(VocabTokenizer(["<s>", ">>ces<<", ">>rus<<"])).plan("en", "cs")
    assert (marian.family, marian.prefix, marian.forced_bos_token_id) == ("marian_multi", ">>ces<< ", None)
    assert LangCodes(VocabTokenizer(["<s>", "hello"])).plan("en", "cs").family == "single_pair"
    custom = LangCodes(VocabTokenizer(["xyz_Latn"]), overrides={"cs": "xyz_Latn"}).plan("en", "cs")
    assert custom.forced_bos_token_id == 0  # engine.lang_codes adds or replaces a code
    with pytest.raises(KeyError, match="add it under engine.lang_codes"):
        LangCodes(VocabTokenizer(["eng_Latn"])).plan("en", "xx")


def test_tiny_seq2seq_engine_translates_per_language_pair(models_dir):
    eng = load_engine(
        EngineConfig(backend="tiny", kind="seq2seq", max_new_tokens=12, batch_size=4), models_dir, role="text"
    )
    assert eng.is_seq2seq and not eng.is_multimodal
    src = "A wooden boat on a calm river at dawn."
    reqs = [GenRequest(src, src_lang="en", tgt_lang=t) for t in ("cs", "ru", "sr")]
    reqs += [
        GenRequest(src + " " + "word " * 600, src_lang="en", tgt_lang="cs"),  # over the 512-token limit
        GenRequest(src, src_lang="en", tgt_lang="xx"),
    ]
    out = eng.generate(reqs)
    assert all(r.ok and r.text and 0 < r.completion_tokens <= 12 for r in out[:3])
    assert out[3].reason == "input_too_long" and "> 512" in out[3].error
    assert out[4].reason == "unknown_language"
    assert eng.generate([reqs[1]])[0].text == out[1].text  # batched and single agree
    # the target language is forced as the first decoder token
    plan = eng.codes.plan("en", "ru")
    assert plan.family == "nllb" and plan.forced_bos_token_id == eng.tokenizer.convert_tokens_to_ids("rus_Cyrl")


def test_vllm_engine_kwargs_from_the_yaml():
    from mella_ray.infer.vllm_backend import sampling_kwargs, vllm_engine_kwargs

    cfg = EngineConfig(
        backend="vllm",
        tensor_parallel_size=2,
        dtype="bfloat16",
        max_input_tokens=1024,
        max_new_tokens=256,
        max_pixels=448 * 448,
        vllm_kwargs={"gpu_memory_utilization": 0.8},
    )
    kw = vllm_engine_kwargs(cfg, QWEN2VL)
    assert kw == {
        "tensor_parallel_size": 2,
        "dtype": "bfloat16",
        "seed": 0,
        "distributed_executor_backend": "ray",
        "max_model_len": 1280,
        "limit_mm_per_prompt": {"image": 4},
        "mm_processor_kwargs": {"max_pixels": 448 * 448},
        "gpu_memory_utilization": 0.8,
    }
    text = vllm_engine_kwargs(EngineConfig(backend="vllm"), QWEN2)
    assert text == {"tensor_parallel_size": 1, "dtype": "auto", "seed": 0}  # no multimodal keys for an LLM
    assert vllm_engine_kwargs(EngineConfig(backend="vllm", vllm_kwargs={"seed": 7}), QWEN2)["seed"] == 7
    assert sampling_kwargs(cfg, 32, 0.5) == {"max_tokens": 32, "temperature": 0.5, "top_p": 1.0, "seed": 0}


def test_ray_data_llm_processor_config_accepts_our_arguments():
    from ray.data.llm import vLLMEngineProcessorConfig

    from mella_ray.infer.vllm_backend import processor_config_kwargs

    cfg = EngineConfig(backend="vllm", batch_size=64, concurrency=2, accelerator_type="H100", num_gpus=1)
    kw = processor_config_kwargs(cfg, "/models/qwen2-vl", QWEN2VL)
    config = vLLMEngineProcessorConfig(**kw)  # pydantic: validates names and types, needs no vLLM
    assert config.model_source == "/models/qwen2-vl" and config.batch_size == 64 and config.concurrency == 2
    assert config.should_continue_on_error and config.accelerator_type == "H100"
    assert kw["prepare_multimodal_stage"] == {"enabled": True}
    assert processor_config_kwargs(cfg, "m", QWEN2)["prepare_multimodal_stage"] == {"enabled": False}


def test_ray_data_llm_rows_become_results():
    from mella_ray.infer.vllm_backend import result_from_row

    ok = result_from_row(
        {
            "generated_text": " A boat. ",
            "num_generated_tokens": 3,
            "num_input_tokens": 300,
            "sampling_params": {"max_tokens": 3},
            "__inference_error__": "",
        }
    )
    assert (ok.text, ok.completion_tokens, ok.prompt_tokens, ok.finish_reason) == ("A boat.", 3, 300, "length")
    bad = result_from_row({"__inference_error__": "prompt (5000 tokens) is longer than the maximum model length"})
    assert not bad.ok and bad.reason == "input_too_long"
    cuda = result_from_row({"__inference_error__": "CUDA error"})
    assert (cuda.reason, cuda.error) == ("engine_error", "CUDA error")


def test_engine_resources_for_tensor_parallel_vllm():
    from mella_ray.runtime.batch_stage import engine_resources

    tp = engine_resources(EngineConfig(backend="vllm", tensor_parallel_size=4, num_gpus=4, concurrency=2))
    assert "num_gpus" not in tp and tp["num_cpus"] == 1  # vLLM reserves its GPUs in a placement group
    one = engine_resources(EngineConfig(backend="vllm", num_gpus=1, accelerator_type="L4"))
    assert one["num_gpus"] == 1 and one["accelerator_type"] == "L4"
    assert engine_resources(EngineConfig())["num_cpus"] == 0.5
