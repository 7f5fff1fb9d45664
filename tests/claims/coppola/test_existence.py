"""coppola.bp.existence: the abstract's existential rests on the construction's deciding proofs."""
from __future__ import annotations

from lemmas.coppola.bp_construction import correct, existence


def test_the_abstracts_existential_rests_on_the_constructions_deciding_proofs() -> None:
    (construction,), (claim,) = correct.CLAIMS, existence.CLAIMS
    assert claim.id == "coppola.bp.existence" and claim.reading == "as-stated"
    deciding = {o.id for o in construction.obligations if o.role == "supports" and not o.cross_check}
    used = {o.id for o in claim.obligations}
    assert used and used <= deciding
    assert used == {f.__name__ for f in correct.EXISTENCE_PROOFS}
    assert all(not o.cross_check for o in claim.obligations)
    # Every family of the proof it rests on is there, so its bound is the construction's bound.
    assert {o.family.parameter for o in claim.obligations if o.family} == \
        {o.family.parameter for o in construction.obligations if o.family and o.id in deciding}
