"""The README's Python examples run as written (GPU: they launch kernels)."""
import pathlib
import re

import pytest
import torch

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)


def test_readme_has_examples():
    assert len(BLOCKS) >= 3
    for b in BLOCKS:
        compile(b, "README.md", "exec")


@pytest.mark.gpu
@pytest.mark.parametrize("i", range(len(BLOCKS)))
def test_readme_example_runs(i, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples may write checkpoints
    src = BLOCKS[i]
    if "safetensors" in src and "from_pretrained" in src:
        pytest.skip("needs a hub checkpoint")
    exec(compile(src, f"README.md block {i}", "exec"), {"__name__": "readme_example"})
    torch.cuda.synchronize()
