# thirty-fifth session (with raster groups, default 8 MB): the big tile's fitted twins (160 / 192 slots, the
# 256-slot tile's config otherwise) at >= 256 pairs per expert, where 256-slot blocks overflow on about half of the
# experts (Mixtral M = 1024: 256 pairs per expert), with the routing's actual blocks (trimmed to fit ~2 minutes)
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
AB_MOE_ARGS=(--blocks 160,192,256 --env NVFP4_JIT_UNUSED=1)
ab_moe $OUT/ab_moe_bigtwins_s35c.log mixtral 1024,2048 160,1,2,3,1,2 192,1,2,3,1,2
