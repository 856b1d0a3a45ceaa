"""Whether a template change leaves the SASS of the kernels with a gated activation unchanged, without a GPU: prints
sha1 of each kernel's SASS body (NVRTC on the CPU, cuobjdump -sass), its instruction count and its label, for the
checkout at ROOT. Compare two checkouts:

    git worktree add /tmp/old HEAD~1
    NVFP4_JIT_CACHE_DIR=/tmp/c_old python bench/probe/sass_equal.py /tmp/old > old.txt
    NVFP4_JIT_CACHE_DIR=/tmp/c_new python bench/probe/sass_equal.py . > new.txt; diff old.txt new.txt

(cuobjdump: see bench/probe/sass_local.py.)
"""
import hashlib
import os
import re
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.abspath(sys.argv[1]))
from cupy_backends.cuda.libs import nvrtc
from nvfp4_jit import jit, marlin, moe
assert jit.__file__.startswith(os.path.abspath(sys.argv[1])), jit.__file__
specs=[marlin.gated_spec("sm_90a",dt,a) for dt in ("f16","bf16") for a in ("silu","gelu")]
specs+=[marlin.xperm_spec("sm_90a",True,a,dt) for dt in ("f16","bf16") for a in ("silu","gelu")]
for arch in ("sm_75","sm_80","sm_86","sm_89","sm_90a"):
    for dt in (("f16",) if arch=="sm_75" else ("f16","bf16")):
        for g in (16,32):
            for a in ("silu","gelu"):
                specs.append(marlin.gemm_spec(arch,dt,g,moe.gate_up_config(1,64),moe=True,act=a))
                specs.append(marlin.gemm_spec(arch,dt,g,moe.gate_up_config(4,16),moe=True,act=a))
                specs.append(marlin.gemm_spec(arch,dt,g,moe.gate_up_config(1,64,direct=True),moe=True,act=a,direct=True))
                specs.append(marlin.gemm_spec(arch,dt,g,marlin.ACT_FALLBACK[2],act=a))
for s in specs:
    arch = s.label().split('[')[1].split(']')[0]
    prog=nvrtc.createProgram(s.render(),"k.cu",[],[])
    nvrtc.compileProgram(prog,list(jit.compile_options(arch)))
    cubin=jit.build(s).cubin
    with tempfile.NamedTemporaryFile(suffix=".cubin") as f:
        f.write(cubin); f.flush()
        sass=subprocess.run(["cuobjdump","-sass",f.name],capture_output=True,text=True,check=True).stdout
    body="\n".join(l for l in sass.splitlines() if re.match(r"\s+/\*[0-9a-f]{4,}\*/", l))
    print(hashlib.sha1(body.encode()).hexdigest()[:12], len(body.splitlines()), s.label())
