#!/usr/bin/env python3
"""PyTorch twins of Recsys4J's DIN and DIEN (issue 19) on protocol C, in anchors/ctr/train.py's style.

Imports train.py (and through it features.py) from --anchors-ctr, registers two more models in its
MODELS table and runs its own main loop unchanged (lr selection on validation, seeds, early stopping,
test AUC / log-loss, samples/s of the training steps, JSON out), so every figure is measured as the
seven reference models' are. The one change to the loop: DIEN adds its auxiliary loss to the
log-loss (run_epochs below, otherwise train.run_epochs line for line).

Both models read the five fields userId, movieId, genres (mean), year, favouriteGenres (mean) and
the six numerics, as train.py's Fields do, and the behaviour sequence = the recent positives
(features.py's E["recent"], at most MAX_RECENT, most recent first, -1 padding) through the movieId
embedding table (shared with the candidate), without the movies unknown to the vocabulary (index 0:
they all share one row, so an unknown behaviour next to an unknown candidate would look like a match;
Recsys4J's CtrModel drops them too):
  DIN   attention MLP 4d -> 36 -> 1 (ReLU) on [e_h, e_c, e_h - e_c, e_h * e_c], no softmax, padded
        behaviours masked; interest = sum_j a_j e_j (a_j = 1/L for an unknown candidate, index 0: it
        has nothing to attend from); MLP 128-128 over [5 fields, interest, numerics].
  DIEN  interest extractor nn.GRU(d, d) over the behaviours oldest first; auxiliary loss: for each
        step t < L-1, -log sigmoid(h_t . e_{t+1}) - log(1 - sigmoid(h_t . e_neg)), e_neg a uniformly
        sampled other movie (index in [1, V)), mean over the row's steps, mean over the batch, weight
        AUX_WEIGHT; attention softmax_t(h_t . W e_c) over the valid steps; AUGRU (GRU gates with the
        update gate scaled by the attention: h' = (1 - a(1 - z)) h + a(1 - z) n) from a zero state;
        MLP 128-128 over [5 fields, final state, numerics].
Mini-batch aware L2 (DIN's paper, section 4.3.1; Recsys4J's CtrTrainer.withMiniBatchL2), with
--mini-batch-l2 GRID (default 0: none): on every batch each embedding row w_j the batch reads
(userId, movieId as candidate or known behaviour, genres, year, favouriteGenres) gets lambda / n_j * w_j
added to its gradient once, n_j = how often the fit rows read it (the penalty 0.5 * lambda * sum over the
batch's distinct rows of |w_j|^2 / n_j added to the loss); lambda is chosen with the learning rate on
validation as one grid (select_lr below), and each run records it ("mini_batch_l2"). DIEN's auxiliary loss
reads sampled negative movies too: their rows are pulled the same way, n_j at least 1 (as in Recsys4J).
Initialisation as train.py (embeddings N(0, 0.01^2), OOV row zero; nn.Linear / nn.GRU defaults;
W ~ U(-1/sqrt(d), 1/sqrt(d))), the same as Recsys4J's CtrModel.

Usage: python3 seq_ctr_anchor.py --anchors-ctr ../shared/anchors/ctr [train.py's options] --models din,dien
"""
import argparse
import os
import sys


def _anchors_dir(argv):
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--anchors-ctr", default="../shared/anchors/ctr")
    ap.add_argument("--aux-weight", type=float, default=1.0)
    ap.add_argument("--mini-batch-l2", default="0")
    a, rest = ap.parse_known_args(argv)
    return a.anchors_ctr, a.aux_weight, [float(x) for x in a.mini_batch_l2.split(",")], rest


ANCHORS, AUX_WEIGHT, MBL2_GRID, REST = _anchors_dir(sys.argv[1:])
MBL2 = MBL2_GRID[0]  # the weight of the runs being made (select_lr sets the chosen one)
sys.path.insert(0, os.path.abspath(ANCHORS))
import train as T  # noqa: E402  (sets OMP_WAIT_POLICY=PASSIVE before torch starts, imports features)
import math  # noqa: E402
import time  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

ATT_HIDDEN = 36


class SeqFields(nn.Module):
    """train.Fields without the recent-positive bag: [B, 5, d]; the movie table is shared with the sequence."""

    def __init__(self, V, d):
        super().__init__()
        self.u = T.emb(V["user"], d); self.m = T.emb(V["movie"], d); self.g = T.emb(V["genre"], d)
        self.y = T.emb(V["year"], d); self.ug = T.emb(V["genre"], d)

    def forward(self, b):
        return torch.stack([self.u(b["user"]), self.m(b["movie"]), T.bag_mean(self.g, b["genres"]),
                            self.y(b["year"]), T.bag_mean(self.ug, b["ugenres"])], dim=1)


class DIN(nn.Module):
    def __init__(self, V, d=T.EMB_DIM):
        super().__init__()
        self.f = SeqFields(V, d)
        self.att = T.mlp(4 * d, (ATT_HIDDEN,))
        self.mlp = T.mlp(6 * d + V["num"], T.HIDDEN)

    def forward(self, b):
        e = self.f(b)
        c = e[:, 1]                                              # candidate movie [B, d]
        i, m = T.masked(b["recent"])                             # [B, L]
        m = m * (i > 0).float()                                  # known behaviours only (OOV 0 masked)
        h = self.f.m(i)                                          # behaviours [B, L, d]
        cc = c.unsqueeze(1).expand_as(h)
        a = self.att(torch.cat([h, cc, h - cc, h * cc], -1)).squeeze(-1) * m   # no softmax
        unknown = (b["movie"] == 0).float().unsqueeze(1)         # an unknown candidate: the behaviours' mean
        a = unknown * m / m.sum(1, keepdim=True).clamp(min=1.0) + (1 - unknown) * a
        interest = (a.unsqueeze(-1) * h).sum(1)
        return self.mlp(torch.cat([e.flatten(1), interest, b["num"]], 1)).squeeze(-1)


class AUGRU(nn.Module):
    """GRU gates (nn.GRU's parameters and init) with the update gate scaled by a per-step attention."""

    def __init__(self, d_in, d):
        super().__init__()
        self.cell = nn.GRUCell(d_in, d)

    def forward(self, x, att, mask):
        c = self.cell; B, L, _ = x.shape
        h = x.new_zeros(B, c.hidden_size)
        gi_all = torch.nn.functional.linear(x, c.weight_ih, c.bias_ih)       # [B, L, 3H]
        for t in range(L):
            gi = gi_all[:, t]; gh = torch.nn.functional.linear(h, c.weight_hh, c.bias_hh)
            i_r, i_z, i_n = gi.chunk(3, 1); h_r, h_z, h_n = gh.chunk(3, 1)
            r = torch.sigmoid(i_r + h_r); z = torch.sigmoid(i_z + h_z)
            n = torch.tanh(i_n + r * h_n)
            u = att[:, t:t + 1] * (1 - z)
            hn = (1 - u) * h + u * n
            h = torch.where(mask[:, t:t + 1] > 0, hn, h)
        return h


class DIEN(nn.Module):
    def __init__(self, V, d=T.EMB_DIM):
        super().__init__()
        self.f = SeqFields(V, d)
        self.ext = nn.GRU(d, d, batch_first=True)
        self.W = nn.Parameter(torch.empty(d, d).uniform_(-1 / math.sqrt(d), 1 / math.sqrt(d)))
        self.evo = AUGRU(d, d)
        self.mlp = T.mlp(6 * d + V["num"], T.HIDDEN)
        self.n_items = V["movie"]
        self.aux_loss = None
        self.aux_negatives = None

    def forward(self, b):
        e = self.f(b)
        c = e[:, 1]
        rec = b["recent"]                                        # most recent first, -1 padded
        # known behaviours only: the OOV bucket 0 is dropped and the rest moved up, order kept
        order = torch.sort((rec <= 0).long(), dim=1, stable=True).indices
        rec = torch.gather(rec, 1, order)
        rec = torch.where(rec > 0, rec, torch.full_like(rec, -1))
        L = (rec >= 0).sum(1)                                    # [B]
        Lmax = rec.shape[1]
        t = torch.arange(Lmax).unsqueeze(0)
        src = (L.unsqueeze(1) - 1 - t).clamp(min=0)              # oldest first, right padded
        mask = (t < L.unsqueeze(1)).float()
        ids = torch.gather(rec.clamp(min=0), 1, src) * mask.long()
        x = self.f.m(ids) * mask.unsqueeze(-1)
        h, _ = self.ext(x)                                       # [B, Lmax, d]; steps >= L unused
        s = (h * (c @ self.W.t()).unsqueeze(1)).sum(-1)          # h_t . W e_c
        s = s.masked_fill(mask == 0, -1e30)
        a = torch.softmax(s, 1) * mask
        final = self.evo(h, a, mask)
        if self.training:
            pos_mask = mask[:, 1:]                               # steps t < L-1 have a next behaviour
            pos = ids[:, 1:]
            r = torch.randint(1, self.n_items - 1, pos.shape)
            neg = r + (r >= pos).long()                          # uniform over [1, V) without the positive
            ht = h[:, :-1]
            zp = (ht * self.f.m(pos)).sum(-1); zn = (ht * self.f.m(neg)).sum(-1)
            per = (nn.functional.softplus(-zp) + nn.functional.softplus(zn)) * pos_mask
            self.aux_negatives = neg[pos_mask > 0]                # rows the mini-batch aware L2 also pulls
            steps = pos_mask.sum(1)
            self.aux_loss = AUX_WEIGHT * (per.sum(1) / steps.clamp(min=1)).mean()
        return self.mlp(torch.cat([e.flatten(1), final, b["num"]], 1)).squeeze(-1)


def _id_reads(model, bb):
    """(table, ids read) pairs of a batch: every id a row reads, padding (-1) and unknown behaviours (0) left out."""
    f = model.f
    rec = bb["recent"]
    return [(f.u, bb["user"]), (f.m, torch.cat([bb["movie"], rec[rec > 0]])),
            (f.g, bb["genres"][bb["genres"] >= 0]), (f.y, bb["year"]), (f.ug, bb["ugenres"][bb["ugenres"] >= 0])]


def _mini_batch_l2(model, bb, counts):
    """0.5 * MBL2 * sum over the batch's distinct rows j of |w_j|^2 / n_j (its gradient: MBL2 / n_j * w_j)."""
    pen = 0.0
    reads = _id_reads(model, bb)
    negatives = getattr(model, "aux_negatives", None)
    if negatives is not None:                                   # DIEN: its auxiliary loss's sampled negatives too
        reads[1] = (reads[1][0], torch.cat([reads[1][1], negatives]))
    for (table, ids), n in zip(reads, counts):
        u = torch.unique(ids)
        pen = pen + ((table.weight[u] ** 2).sum(1) / n[u].clamp(min=1)).sum()
    return 0.5 * MBL2 * pen


def run_epochs(model, b, epochs, seed, lr, val=None, patience=None):
    """train.run_epochs with the model's auxiliary loss (if any) and the mini-batch aware L2 added to the log-loss."""
    counts = None
    if MBL2 > 0:
        counts = [torch.bincount(ids, minlength=table.weight.shape[0]).float() for table, ids in _id_reads(model, b)]
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    lossf = nn.BCEWithLogitsLoss()
    n = len(b["label"]); g = torch.Generator().manual_seed(seed)
    hist = []; best = (math.inf, None, 0); t_steps = 0.0; seen = 0
    t0 = time.perf_counter()
    for ep in range(1, epochs + 1):
        perm = torch.randperm(n, generator=g)
        ts = time.perf_counter()
        for s in range(0, n, T.BATCH):
            bb = T.take(b, perm[s:s + T.BATCH])
            loss = lossf(model(bb), bb["label"])
            if getattr(model, "aux_loss", None) is not None:
                loss = loss + model.aux_loss
            if counts is not None:
                loss = loss + _mini_batch_l2(model, bb, counts)
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        t_steps += time.perf_counter() - ts; seen += n
        if val is not None:
            p = T.predict(model, val); y = val["label"].numpy()
            vl = T.logloss(y, p); hist.append({"epoch": ep, "val_logloss": vl, "val_auc": T.auc(y, p)})
            if vl < best[0]:
                best = (vl, {k: v.detach().clone() for k, v in model.state_dict().items()}, ep)
            elif ep - best[2] >= patience:
                break
    total = time.perf_counter() - t0
    return hist, best[1], best[2], total, t_steps, seen


_select_lr = T.select_lr
_train_one = T.train_one


def select_lr(name, E, V, grid, seed, max_epochs, patience):
    """train.select_lr over (lr, mini-batch L2) as one grid: the pair with the lowest validation log-loss."""
    global MBL2
    best = None
    scores = {}
    for lam in MBL2_GRID:
        MBL2 = lam
        lr, sc = _select_lr(name, E, V, grid, seed, max_epochs, patience)
        for k, v in sc.items():
            scores[f"{k}/{lam:g}" if len(MBL2_GRID) > 1 else k] = v
        if best is None or sc[lr] < best[0]:
            best = (sc[lr], lr, lam)
    MBL2 = best[2]
    return best[1], scores


def train_one(*args, **kwargs):
    r = _train_one(*args, **kwargs)
    r["mini_batch_l2"] = MBL2
    return r


T.MODELS["din"] = DIN
T.MODELS["dien"] = DIEN
T.run_epochs = run_epochs
T.select_lr = select_lr
T.train_one = train_one

if __name__ == "__main__":
    sys.argv = [sys.argv[0]] + REST
    T.main()
