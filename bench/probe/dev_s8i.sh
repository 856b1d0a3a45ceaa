# device run (eighth session, final code): the whole GPU suite
bash bench/gpu_session.sh tests
