"""The engine: pure functions on IO tables and firm-size shares (split, indicators, uncertainty, SDA, GVC, results).

Importing the engine limits BLAS to one thread in this process (:mod:`smegvc.engine.blas`): the same
inputs then give byte-identical results whatever the number of cores or ``OPENBLAS_NUM_THREADS``.
"""
from smegvc.engine.blas import single_thread as _single_thread

_single_thread()
