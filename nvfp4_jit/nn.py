"""Drop-in modules and checkpoint helpers.

    NVFP4Linear.from_linear(nn.Linear) / .from_modelopt(tensors) / .from_compressed_tensors(tensors)
    NVFP4MoE.from_weights(w13 [E, 2I, H], w2 [E, H, I])          fused MoE experts (routing stays in the model)
    NVFP4MoE.from_gpt_oss(gate_up_blocks, ..., down_bias)          gpt-oss's MXFP4 experts (gpt_oss_experts)
    quantize_model_(model, fmt="nvfp4", skip=("lm_head",))      nn.Linear -> NVFP4Linear, in place
    load_quantized(model, "model.safetensors")                  swap nn.Linear for NVFP4Linear from a checkpoint
    save_quantized(model, "out.safetensors", convention="modelopt" | "compressed-tensors")

An NVFP4Linear keeps its weight in the layout of the backend that runs it (``layout``: "marlin" W4A16 on SM75-SM9x,
"native" W4A4 on SM100+, chosen per device by ``dispatch.backend``), as buffers: ``wq``, ``sc``, ``gscale`` (and
``input_scale``, the checkpoint's static activation scale, if any). ``.to()``/``.cuda()`` move them and re-lay the
weight out if the new device uses the other backend; dtype casts (``model.half()``) leave them alone and only
convert the bias. ``state_dict()`` holds the backend layout; ``save_quantized`` writes the portable checkpoint
conventions (docs/NUMERICS.md).
"""
from __future__ import annotations

import fnmatch
import logging
import os
from pathlib import Path
from typing import Callable, Iterable, Mapping

import torch
from torch import nn

from . import dispatch, marlin, native
from . import ops  # noqa: F401  (registers torch.ops.nvfp4_jit)
from .numerics import NVFP4Weight

log = logging.getLogger(__name__)

CONVENTIONS = ("modelopt", "compressed-tensors")
GROUP = {"nvfp4": 16, "mxfp4": 32}


def _layout_for(device: torch.device, fmt: str, n: int, k: int) -> str:
    """The backend layout for a weight on ``device`` (CPU: marlin unless NVFP4_JIT_BACKEND=native)."""
    be = dispatch.backend(device) if device.type == "cuda" else (
        "native" if dispatch.requested() == "native" else "marlin")
    if be == "native" and (why := native.check_shape(n, k, fmt)) is not None:
        log.info("nvfp4-jit: %s; this [%d, %d] layer uses the marlin kernel", why, n, k)
        return "marlin"
    return be


def _eager_call(x: torch.Tensor) -> bool:
    """Whether a module may call the kernel directly instead of its torch custom op: eager mode (not traced by
    torch.compile), a plain CUDA tensor (no subclass, no meta / CPU / fake tensor) that needs no autograd."""
    return (type(x) is torch.Tensor and x.is_cuda and not torch.compiler.is_compiling()
            and not (x.requires_grad and torch.is_grad_enabled()))


class NVFP4Linear(nn.Module):
    """``y = x @ W^T + b`` with W in NVFP4 (or MXFP4); marlin (W4A16) or native (W4A4) per the device's backend.

    ``per_token`` / ``four_over_six`` configure the native path's activation quantization (dynamic per-token global
    scales instead of the checkpoint's ``input_scale``; 4over6 block scales)."""

    def __init__(self, weight: NVFP4Weight, bias: torch.Tensor | None = None, *, layout: str | None = None,
                 per_token: bool = False, four_over_six: bool = False):
        super().__init__()
        self.out_features, self.in_features = weight.shape
        self.fmt = weight.fmt
        self.group = GROUP[weight.fmt]
        self.per_token, self.four_over_six = per_token, four_over_six
        self.bias = None if bias is None else nn.Parameter(bias.detach().to(weight.packed.device, copy=True),
                                                           requires_grad=False)
        self._set_weight(weight, layout)

    # ----------------------------------------------------------------------------------------- constructors
    @classmethod
    def from_linear(cls, linear: nn.Linear, fmt: str = "nvfp4", four_over_six: bool = False, **kw) -> "NVFP4Linear":
        """Quantize an nn.Linear's weight (reference numerics, on the linear's device); ``four_over_six`` applies
        to the weight and (native path) the activations."""
        w = NVFP4Weight.quantize(linear.weight.detach().float(), fmt=fmt, four_over_six=four_over_six)
        return cls(w, linear.bias, four_over_six=four_over_six, **kw)

    @classmethod
    def from_modelopt(cls, tensors: Mapping[str, torch.Tensor], bias: torch.Tensor | None = None, device=None,
                      **kw) -> "NVFP4Linear":
        """``tensors``: ``weight`` (uint8), ``weight_scale``, ``weight_scale_2`` [, ``input_scale``, ``bias``]."""
        t = _to(tensors, device)
        w = NVFP4Weight.from_modelopt(t["weight"], t["weight_scale"], t.get("weight_scale_2"), t.get("input_scale"))
        return cls(w, bias if bias is not None else t.get("bias"), **kw)

    @classmethod
    def from_compressed_tensors(cls, tensors: Mapping[str, torch.Tensor], bias: torch.Tensor | None = None,
                                device=None, **kw) -> "NVFP4Linear":
        """``tensors``: ``weight_packed``, ``weight_scale``, ``weight_global_scale`` [, ``input_global_scale``,
        ``bias``] (global scales are reciprocal in this convention)."""
        t = _to(tensors, device)
        w = NVFP4Weight.from_compressed_tensors(t["weight_packed"], t["weight_scale"], t.get("weight_global_scale"),
                                                t.get("input_global_scale"))
        return cls(w, bias if bias is not None else t.get("bias"), **kw)

    # -------------------------------------------------------------------------------------------- weights
    def _set_weight(self, w: NVFP4Weight, layout: str | None = None) -> None:
        w.validate()
        n, k = w.shape
        self.layout = layout or _layout_for(w.packed.device, w.fmt, n, k)
        ins = None if w.input_scale is None else w.input_scale.to(torch.float32).reshape(1)
        if self.layout == "native":
            p = native.prepare_weight(w)
            bufs = dict(wq=p.packed, sc=p.scales, gscale=p.global_scale)
            self.gscale_host = 0.0  # unused: the native path scales on the device
        elif self.layout == "marlin":
            p = marlin.prepare_weight(w)
            bufs = dict(wq=p.wq, sc=p.sc, gscale=p.gscale)
            self.gscale_host = float(p.gscale_host)
        else:
            raise ValueError(f"layout must be 'marlin' or 'native', got {self.layout!r}")
        for name, t in (*bufs.items(), ("input_scale", ins)):
            self.register_buffer(name, t)

    def nvfp4_weight(self) -> NVFP4Weight:
        """The weight in the checkpoint layout (exact inverse of the backend preparation)."""
        if self.layout == "native":
            w = native.to_nvfp4_weight(native.NativeWeight(self.wq, self.sc, self.gscale, self.out_features,
                                                           self.in_features, self.input_scale))
        else:
            w = marlin.unprepare_weight(self._marlin())
            w.input_scale = None if self.input_scale is None else self.input_scale.reshape(())
        return w

    def _marlin(self) -> marlin.PreparedWeight:
        return marlin.PreparedWeight(self.wq, self.sc, self.gscale, self.gscale_host, self.out_features,
                                     self.in_features, self.fmt, self.group)

    def _apply(self, fn, recurse=True):
        _apply_keeping_dtypes(self, super()._apply, fn, recurse)
        if self.wq.device.type == "cuda":  # moved to a GPU: it may want the other backend's layout
            self.relayout(_layout_for(self.wq.device, self.fmt, self.out_features, self.in_features))
        return self

    def relayout(self, layout: str) -> None:
        """Re-lay the weight out for ``layout`` ("marlin" or "native"), exactly, if it is not in it already."""
        if layout != self.layout:
            log.info("nvfp4-jit: re-laying out a [%d, %d] layer for the %s backend on %s", self.out_features,
                     self.in_features, layout, self.wq.device)
            self._set_weight(self.nvfp4_weight(), layout)

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)
        if self.layout == "marlin" and not self.gscale.is_meta:
            self.gscale_host = float(self.gscale.item())

    # -------------------------------------------------------------------------------------------- forward
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.layout == "native":
            return native.linear(x, self.wq, self.sc, self.gscale, self.input_scale, self.out_features, self.bias,
                                 per_token=self.per_token, four_over_six=self.four_over_six)
        if _eager_call(x):  # marlin.gemm directly: the custom op's dispatch would add host time per call
            return marlin.gemm(x, self._marlin(), self.bias)
        return torch.ops.nvfp4_jit.gemm(x, self.wq, self.sc, self.gscale, self.gscale_host, self.out_features,
                                        self.in_features, self.group, self.bias)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}, "
                f"fmt={self.fmt}, layout={self.layout}")


class NVFP4MoE(nn.Module):
    """Fused FP4 experts: ``forward(x [M, H], topk_weights [M, k], topk_ids [M, k]) -> [M, H]``.

    w13 stacks gate (rows 0..I-1) and up (rows I..2I-1) per expert ([E, 2I, H]; [E, I, H] for a plain, ungated
    activation), w2 is [E, H, I]. Routing (router linear, softmax, top-k) stays in the model. Runs the Marlin MoE
    kernel on every GPU (there is no native FP4 MoE path). Optional expert biases w13_bias [E, 2I or I] and w2_bias
    [E, H] are kept in float32 (gpt-oss: from_gpt_oss)."""

    def __init__(self, w13: list[NVFP4Weight], w2: list[NVFP4Weight], activation: str = "silu",
                 expert_offset: int = 0, w13_bias: torch.Tensor | None = None, w2_bias: torch.Tensor | None = None):
        super().__init__()
        from . import moe

        gate_up = w13[0].shape[0] == 2 * w2[0].shape[1] and w2[0].shape[1] % 16 == 0
        p13, p2 = moe.prepare_moe_weight(w13, gate_up=gate_up), moe.prepare_moe_weight(w2)
        self.gate_up = gate_up
        self.num_experts, self.hidden, self.inter = p13.num_experts, p13.k, p2.k
        self.n13, self.group = p13.n, p13.group
        self.activation, self.expert_offset = activation, expert_offset
        for name, p in (("w13", p13), ("w2", p2)):
            for f in ("wq", "sc", "gscale"):
                self.register_buffer(f"{name}_{f}", getattr(p, f))
        for name, b in (("w13_bias", w13_bias), ("w2_bias", w2_bias)):
            self.register_buffer(name, None if b is None else b.detach().to(p13.wq.device, torch.float32).contiguous())

    @classmethod
    def from_gpt_oss(cls, gate_up_blocks: torch.Tensor, gate_up_scales: torch.Tensor, gate_up_bias: torch.Tensor,
                     down_blocks: torch.Tensor, down_scales: torch.Tensor, down_bias: torch.Tensor,
                     device=None, **kw) -> "NVFP4MoE":
        """gpt-oss's MXFP4 experts as its checkpoints store them (see gpt_oss_experts); activation defaults to
        "swigluoai"."""
        w13, w2, b13, b2 = gpt_oss_experts(gate_up_blocks, gate_up_scales, gate_up_bias, down_blocks, down_scales,
                                           down_bias, device)
        kw.setdefault("activation", "swigluoai")
        return cls(w13, w2, w13_bias=b13, w2_bias=b2, **kw)

    @classmethod
    def from_weights(cls, w13: torch.Tensor, w2: torch.Tensor, fmt: str = "nvfp4", four_over_six: bool = False,
                     **kw) -> "NVFP4MoE":
        """Quantize float expert weights w13 [E, 2I, H] and w2 [E, H, I]."""
        w13q, w2q = ([NVFP4Weight.quantize(e.detach().float(), fmt=fmt, four_over_six=four_over_six) for e in t]
                     for t in (w13, w2))
        return cls(w13q, w2q, **kw)

    def _apply(self, fn, recurse=True):  # no relayout: MoE runs the Marlin kernel everywhere
        return _apply_keeping_dtypes(self, super()._apply, fn, recurse)

    def forward(self, x: torch.Tensor, topk_weights: torch.Tensor, topk_ids: torch.Tensor) -> torch.Tensor:
        if _eager_call(x):  # moe.fused_moe directly (see NVFP4Linear.forward)
            from . import moe

            w13, w2 = ops._moe_weights(self.w13_wq, self.w13_sc, self.w13_gscale, self.w2_wq, self.w2_sc,
                                       self.w2_gscale, self.n13, self.inter, self.hidden, self.group, self.gate_up)
            return moe.fused_moe(x, w13, w2, topk_weights, topk_ids, self.activation, self.expert_offset,
                                 self.w13_bias, self.w2_bias)
        return torch.ops.nvfp4_jit.moe(x, self.w13_wq, self.w13_sc, self.w13_gscale, self.w2_wq, self.w2_sc,
                                       self.w2_gscale, topk_weights, topk_ids, self.n13, self.inter, self.group,
                                       self.activation, self.expert_offset, self.gate_up, self.w13_bias,
                                       self.w2_bias)

    def extra_repr(self) -> str:
        return (f"num_experts={self.num_experts}, hidden={self.hidden}, inter={self.inter}, "
                f"gated={self.n13 == 2 * self.inter}, activation={self.activation}, group={self.group}")


def gpt_oss_experts(gate_up_blocks, gate_up_scales, gate_up_bias, down_blocks, down_scales, down_bias, device=None):
    """gpt-oss's MXFP4 experts as its checkpoints store them (Hugging Face: ``mlp.experts.gate_up_proj_blocks`` /
    ``_scales`` / ``_bias``, ``down_proj_*``; the original release: ``mlp.mlp1_weight.blocks`` ...) -> (w13, w2:
    lists of NVFP4Weight, b13 [E, 2I], b2 [E, H]) in this package's convention. Blocks are uint8 [E, N, K / 32, 16]
    (two E2M1 codes a byte, element 2i in the low nibble, as NVFP4Weight), scales uint8 E8M0 [E, N, K / 32],
    biases [E, N]. gate_up's rows alternate gate / up (row 2i gate i, row 2i + 1 up i): they are reordered to
    [gate; up] (NVFP4MoE / moe.fused_moe's w13), biases included."""
    def mv(t):
        return t if device is None else t.to(device)

    def experts(blocks, scales, rows=None):
        if blocks.dtype != torch.uint8 or scales.dtype != torch.uint8 or blocks.dim() != 4 \
                or blocks.shape[-1] != 16 or scales.shape != blocks.shape[:3]:
            raise ValueError(f"expected uint8 blocks [E, N, K/32, 16] and scales [E, N, K/32], got "
                             f"{blocks.dtype} {list(blocks.shape)} and {scales.dtype} {list(scales.shape)}")
        packed = blocks.reshape(*blocks.shape[:2], -1)
        if rows is not None:
            packed, scales = packed[:, rows], scales[:, rows]
        return [NVFP4Weight(mv(packed[e]).contiguous(), mv(scales[e]).contiguous(), None, "mxfp4").validate()
                for e in range(packed.shape[0])]

    n13 = gate_up_blocks.shape[1]
    if n13 % 2:
        raise ValueError(f"gate_up has an odd number of rows ({n13}): not alternating gate / up rows")
    rows = torch.cat([torch.arange(0, n13, 2), torch.arange(1, n13, 2)]).to(gate_up_blocks.device)
    w13, w2 = experts(gate_up_blocks, gate_up_scales, rows), experts(down_blocks, down_scales)
    if gate_up_bias.shape != (len(w13), n13) or down_bias.shape != (len(w2), w2[0].shape[0]):
        raise ValueError(f"biases must be [E, {n13}] and [E, {w2[0].shape[0]}], got {list(gate_up_bias.shape)} and "
                         f"{list(down_bias.shape)}")
    return w13, w2, mv(gate_up_bias[:, rows.to(gate_up_bias.device)]), mv(down_bias)


# ------------------------------------------------------------------------------------------------- helpers
def _apply_keeping_dtypes(module: nn.Module, apply, fn, recurse):
    """Module._apply, except that dtype casts (model.half(), .to(torch.bfloat16)) leave the FP4 buffers (codes,
    scales, float32 global scales) alone: only their device follows."""
    old = {n: b for n, b in module._buffers.items() if b is not None}
    apply(fn, recurse)
    for n, b in old.items():
        if module._buffers[n].dtype != b.dtype:
            module._buffers[n] = b.to(module._buffers[n].device)
    return module


def _to(tensors: Mapping[str, torch.Tensor], device) -> dict:
    return {k: (v.to(device) if device is not None else v) for k, v in tensors.items()}


def _skipped(name: str, module: nn.Module, skip) -> bool:
    if callable(skip):
        return bool(skip(name, module))
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(name.rsplit(".", 1)[-1], p) for p in skip)


def _replace(model: nn.Module, name: str, new: nn.Module) -> None:
    parent, _, child = name.rpartition(".")
    setattr(model.get_submodule(parent) if parent else model, child, new)


def quantize_model_(model: nn.Module, fmt: str = "nvfp4", skip: Iterable[str] | Callable = (),
                    four_over_six: bool = False, **kw) -> list[str]:
    """Replace every nn.Linear of ``model`` by an NVFP4Linear (in place), except those matched by ``skip``
    (fnmatch patterns on the qualified or the last name, e.g. ``("lm_head", "*.gate")``, or a callable
    ``(name, module) -> bool``) and those whose in_features is not a multiple of the block size. Returns the names."""
    if fmt not in GROUP:
        raise ValueError(f"fmt must be one of {tuple(GROUP)}, got {fmt!r}")
    skip = skip if callable(skip) else tuple(skip)
    done = []
    for name, mod in list(model.named_modules()):
        if type(mod) is not nn.Linear or _skipped(name, mod, skip):
            continue
        if mod.in_features % GROUP[fmt]:
            log.info("nvfp4-jit: keeping %s (in_features %d is not a multiple of %d)", name, mod.in_features,
                     GROUP[fmt])
            continue
        _replace(model, name, NVFP4Linear.from_linear(mod, fmt=fmt, four_over_six=four_over_six, **kw))
        done.append(name)
    log.info("nvfp4-jit: quantized %d linear layers to %s", len(done), fmt)
    return done


def _read(src) -> dict[str, torch.Tensor]:
    if isinstance(src, Mapping):
        return dict(src)
    from safetensors.torch import load_file

    p = Path(src)
    files = sorted(p.glob("*.safetensors")) if p.is_dir() else [p]
    if not files:
        raise FileNotFoundError(f"no .safetensors files in {p}")
    out: dict[str, torch.Tensor] = {}
    for f in files:
        out.update(load_file(str(f)))
    return out


def detect_convention(sd: Mapping[str, torch.Tensor], prefix: str) -> str | None:
    """'modelopt', 'compressed-tensors' or None (not quantized) for the layer ``prefix`` of a checkpoint."""
    p = f"{prefix}." if prefix else ""
    w = sd.get(p + "weight")
    if w is not None and w.dtype == torch.uint8 and p + "weight_scale" in sd and p + "weight_scale_2" in sd:
        return "modelopt"
    if p + "weight_packed" in sd and p + "weight_scale" in sd:  # + weight_global_scale (NVFP4); MXFP4 has none
        return "compressed-tensors"
    return None


_KEYS = {"modelopt": ("weight", "weight_scale", "weight_scale_2", "input_scale", "bias"),
         "compressed-tensors": ("weight_packed", "weight_scale", "weight_global_scale", "input_global_scale", "bias")}


def load_quantized(model: nn.Module, checkpoint, device=None, strict: bool = False, **kw) -> list[str]:
    """Swap every nn.Linear of ``model`` whose weight the checkpoint (a .safetensors file, a folder of them, or a
    dict) holds in FP4 (ModelOpt or compressed-tensors convention, detected per layer by its keys) for an
    NVFP4Linear on ``device`` (default: that linear's device), then load the checkpoint's other tensors into the
    model (``strict``: fail on missing/unexpected ones). A model built on the meta device gets its other tensors
    assigned on ``device`` (default: the current GPU). ``kw`` go to NVFP4Linear (per_token, four_over_six, layout).
    Returns the names of the swapped layers."""
    sd = _read(checkpoint)
    default = "cuda" if torch.cuda.is_available() else "cpu"
    used: set[str] = set()
    done = []
    for name, mod in list(model.named_modules()):
        if not isinstance(mod, nn.Linear) or (conv := detect_convention(sd, name)) is None:
            continue
        p = f"{name}." if name else ""
        keys = [p + k for k in _KEYS[conv] if p + k in sd]
        used.update(keys)
        dev = device if device is not None else default if mod.weight.is_meta else mod.weight.device
        t = {k[len(p):]: sd[k] for k in keys}
        ctor = NVFP4Linear.from_modelopt if conv == "modelopt" else NVFP4Linear.from_compressed_tensors
        new = ctor(t, device=dev, **kw)
        if (new.out_features, new.in_features) != (mod.out_features, mod.in_features):
            raise ValueError(f"{name}: checkpoint weight is [{new.out_features}, {new.in_features}], the model's "
                             f"nn.Linear is [{mod.out_features}, {mod.in_features}]")
        _replace(model, name, new)
        done.append(name)
    rest = {k: v for k, v in sd.items() if k not in used}
    meta = any(t.is_meta for t in (*model.parameters(), *model.buffers()))
    if meta:
        rest = {k: v.to(device if device is not None else default) for k, v in rest.items()}
    missing, unexpected = model.load_state_dict(rest, strict=False, assign=meta)
    missing = [k for k in missing if not _is_fp4_buffer(model, k)]
    if strict and (missing or unexpected):
        raise KeyError(f"checkpoint mismatch: missing {missing}, unexpected {unexpected}")
    if missing or unexpected:
        log.warning("nvfp4-jit: load_quantized: %d missing keys (%s), %d unexpected keys (%s)", len(missing),
                    missing[:5], len(unexpected), unexpected[:5])
    log.info("nvfp4-jit: loaded %d FP4 linear layers", len(done))
    return done


def _is_fp4_buffer(model: nn.Module, key: str) -> bool:
    owner, _, _ = key.rpartition(".")
    try:
        return isinstance(model.get_submodule(owner), (NVFP4Linear, NVFP4MoE))
    except AttributeError:
        return False


def save_quantized(model: nn.Module, path: str | os.PathLike, convention: str = "modelopt") -> None:
    """Write ``model`` as one .safetensors file: NVFP4Linear layers in ``convention`` ("modelopt" or
    "compressed-tensors"), everything else as in its state_dict. NVFP4MoE blocks are not supported (no common
    checkpoint convention for stacked experts)."""
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
    from safetensors.torch import save_file

    out: dict[str, torch.Tensor] = {}
    quantized = []
    for name, mod in model.named_modules():
        if isinstance(mod, NVFP4MoE):
            raise NotImplementedError(f"save_quantized cannot save the NVFP4MoE block {name!r}")
        if isinstance(mod, NVFP4Linear):
            w = mod.nvfp4_weight()
            t = w.to_modelopt() if convention == "modelopt" else w.to_compressed_tensors()
            if mod.bias is not None:
                t["bias"] = mod.bias
            p = f"{name}." if name else ""
            out.update({p + k: v for k, v in t.items() if v is not None})
            quantized.append(p)
    for k, v in model.state_dict().items():
        if not any(k.startswith(p) for p in quantized):
            out.setdefault(k, v)
    tensors, seen = {}, set()
    for k, v in out.items():  # safetensors wants contiguous CPU tensors that share no memory (tied weights)
        v = v.detach().cpu().contiguous()
        if v.untyped_storage().data_ptr() in seen:
            v = v.clone()
        seen.add(v.untyped_storage().data_ptr())
        tensors[k] = v
    save_file(tensors, str(path), metadata={"format": "pt", "nvfp4_jit.convention": convention})
    log.info("nvfp4-jit: saved %d FP4 linear layers (%s) to %s", len(quantized), convention, path)
