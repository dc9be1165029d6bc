"""The caption stage's settings."""

from __future__ import annotations

from pydantic import Field

from mella_ray.config.base import Strict
from mella_ray.config.infer import EngineConfig


class CaptionConfig(Strict):
    engine: EngineConfig = Field(
        default_factory=EngineConfig,
        description=("The captioning VLM and how it runs; default: the offline tiny VLM on the hf backend."),
    )
    pivot_lang: str = Field(
        "en",
        description=(
            "Language the captions are written in before translation (ISO 639-1); English, the paper's pivot, "
            "is the language VLMs describe best."
        ),
    )
    prompt: str = Field(
        "Describe this image in one coherent, detailed paragraph: the main subject, what is happening, "
        "attributes and state, the mood, any cultural features (or say there are none), lighting and "
        "colour, and the style. Then on a last line write 'Category: <top>/<sub>'.",
        description=(
            "Instruction given with each image; the default asks for the paper's detailed paragraph and a last "
            "'Category: <top>/<sub>' line that is parsed against categories."
        ),
    )
    categories: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "culture": ["folk traditions", "food", "architecture", "festivals", "crafts", "religion"],
            "scene": ["city", "nature", "indoor", "event"],
            "general": ["people", "objects", "animals", "other"],
        },
        description="Allowed '<top>/<sub>' image categories: top-level name -> its subcategories.",
    )
    default_category: str = Field(
        "general/other",
        description=(
            "Category stored when the model's answer names none of categories (a caption is not failed for it)."
        ),
    )
    preprocess_num_cpus: float = Field(
        0.25,
        gt=0,
        description=(
            "CPUs per task of the CPU map stage that decodes images, applies EXIF rotation, converts to RGB and "
            "applies the pixel budget, apart from the GPU actors so the accelerator only runs the model; a quarter "
            "CPU lets four decode tasks share a core."
        ),
    )
    preprocess_features: bool = Field(
        True,
        description=(
            "Also run the model's image processor (patches, normalisation) in that CPU stage when the processor "
            "allows it (Qwen2-VL family); otherwise the actor gets resized RGB pixels. On: less CPU work on the "
            "accelerator's actors."
        ),
    )
