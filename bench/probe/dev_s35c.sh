# thirty-fifth session (with raster groups, default 8 MB): the big tile's fitted twins (160 / 192 / 224 slots, the
# 256-slot tile's config otherwise) at >= 256 pairs per expert, where 256-slot blocks overflow on about half of the
# experts (Mixtral M = 1024: 256 pairs per expert), with the routing's actual blocks
set -u
. bench/probe/dev_setup.sh
. bench/probe/ab_cases.sh
AB_MOE_ARGS=(--blocks 160,192,224,256 --env NVFP4_JIT_UNUSED=1)
ab_moe $OUT/ab_moe_bigtwins_s35c.log mixtral 1024,1536,2048,4096 160,1,2,3,1,2 192,1,2,3,1,2 224,1,2,3,1,2
ab_moe $OUT/ab_moe_bigtwins_s35c.log mixtral22 1024,2048 160,1,2,3,1,2 192,1,2,3,1,2 224,1,2,3,1,2
ab_moe $OUT/ab_moe_bigtwins_s35c.log scout 4096,8192 160,1,2,3,1,2 192,1,2,3,1,2 224,1,2,3,1,2
