"""Times pandas.read_csv on a ratings file (the comparison for Recsys4J's loader), optionally
after one warm-up read, and prints one tab-separated line: rows, pandas version, then the seconds of each read.
Usage: pandas_load.py FILE REPEAT [WARMUP=1|0]"""
import sys, time
import pandas as pd

path, repeat = sys.argv[1], int(sys.argv[2])
if path.endswith('u.data'):
    kw = dict(sep='\t', header=None, names=['userId', 'movieId', 'rating', 'timestamp'])
elif path.endswith('.dat'):
    kw = dict(sep='::', header=None, engine='python', names=['userId', 'movieId', 'rating', 'timestamp'])
else:
    kw = dict()
if len(sys.argv) < 4 or sys.argv[3] != '0':
    pd.read_csv(path, **kw)
df = None
times = []
for _ in range(repeat):
    t0 = time.perf_counter(); df = pd.read_csv(path, **kw); times.append(time.perf_counter() - t0)
print('\t'.join([str(len(df)), pd.__version__] + [repr(x) for x in times]))
