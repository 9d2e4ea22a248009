"""The decks several test modules inspect: both themes x both samples and the stress outline,
and the sample deck on each real template in ../shared/examples/templates (built once, in
conftest.py's session fixtures)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SHARED_TEMPLATES = ROOT.parent / "shared" / "examples" / "templates"
SAMPLES = {
    "sample": ROOT / "decks" / "reinvent2024-desantis.yaml",
    "example": ROOT / "decks" / "example-all-features.yaml",
}
THEMES = ("default", "midnight")


def stress_outline(folder: Path) -> Path:
    """The stress outline beside three drawn screenshots (wide, portrait, tiny)."""
    assets = folder / "stress-assets"
    assets.mkdir(parents=True)
    for name, size in (("wide", (1920, 1080)), ("portrait", (1080, 1920)), ("tiny", (160, 90))):
        Image.new("RGB", size, "#2B4C7E").save(assets / f"{name}.png")
    outline = folder / "stress.yaml"
    shutil.copy(ROOT / "tests" / "fixtures" / "stress.yaml", outline)
    return outline


def build_in_themes(root: Path) -> dict[tuple[str, str], Path]:
    """Both sample decks and the stress outline in both built-in themes: (theme, name) -> .pptx."""
    from recapdeck import build

    outlines = {**SAMPLES, "stress": stress_outline(root / "src")}
    return {
        (theme, name): build(outline, theme=theme, out_dir=root / theme / name, handout=[]).pptx
        for theme in THEMES
        for name, outline in outlines.items()
    }


def build_on_shared_templates(root: Path) -> dict[str, Path]:
    """The sample deck on each real template: template file name -> .pptx."""
    from recapdeck import build

    return {
        template.name: build(
            SAMPLES["sample"], template=template, out_dir=root / template.stem, handout=[]
        ).pptx
        for template in sorted(SHARED_TEMPLATES.iterdir())
    }
