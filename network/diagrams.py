"""Geometry for the genogram and the safety circle, drawn server-side as SVG (they print as they are shown).

No one draws by hand: the layout is computed from the data. The templates only place the shapes this
module positions; all text stays escaped.

Genogram: generations follow from the relation types (a parent sits one row above the child, partners
and siblings share a row), partners sit side by side, children below the middle of their parents.
Safety circle: the children in the centre, members on their ring, spread evenly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from cases.models import FamilyRole, Gender, Person

from .models import RING_ORDER, CircleRing, NetworkMember, RelationKind, RelationQuality, Relationship

# --- Genogram -----------------------------------------------------------------------------------

COL = 170  # horizontal room per person (a name in 14px bold fits)
ROW = 150  # vertical distance between generations
SIZE = 44  # symbol size
MARGIN_X = 90
MARGIN_TOP = 60


@dataclass
class GNode:
    person: Person
    gen: int = 0
    x: float = 0.0
    y: float = 0.0
    label: str = ""
    sublabel: str = ""
    role_label: str = ""
    shape: str = "square"  # square (male), circle (female), diamond (other/unknown)

    @property
    def half(self) -> int:
        return SIZE // 2

    @property
    def left(self) -> float:
        return self.x - SIZE / 2

    @property
    def top(self) -> float:
        return self.y - SIZE / 2

    @property
    def right(self) -> float:
        return self.x + SIZE / 2

    @property
    def bottom(self) -> float:
        return self.y + SIZE / 2

    @property
    def diamond_points(self) -> str:
        h = SIZE / 2 + 4
        return f"{self.x},{self.y - h} {self.x + h},{self.y} {self.x},{self.y + h} {self.x - h},{self.y}"

    @property
    def ring_left(self) -> float:
        return self.left - 5

    @property
    def ring_top(self) -> float:
        return self.top - 5

    @property
    def age_y(self) -> float:
        return self.y + 5

    # Names sit below the partner line (drawn 8px under the symbols), so lines never cross them.
    @property
    def label_y(self) -> float:
        return self.y + SIZE / 2 + 28

    @property
    def sublabel_y(self) -> float:
        return self.y + SIZE / 2 + 44


@dataclass
class GLine:
    path: str
    css: str  # class name: structural / partner / ex / quality-close / …
    title: str = ""


@dataclass
class Genogram:
    nodes: list[GNode]
    lines: list[GLine]
    quality_lines: list[GLine]
    household_path: str
    width: int
    height: int
    empty: bool = False


def _initial_generation(person: Person) -> int:
    return 1 if person.family_role in (FamilyRole.CHILD, FamilyRole.SIBLING) else 0


def _generations(persons: list[Person], relations: list[Relationship]) -> dict[int, int]:
    """Relative generation per person id: constraints from the relation types, relaxed until stable."""
    gen: dict[int, int] = {}
    # Seed from the index children, then propagate along relations (BFS-like, a few rounds).
    for p in persons:
        if p.family_role == FamilyRole.CHILD:
            gen[p.pk] = 10
    constraints: list[tuple[int, int, int]] = []  # (a, b, delta): gen[b] = gen[a] + delta
    for r in relations:
        delta = {
            RelationKind.PARENT_OF: 1,
            RelationKind.GRANDPARENT_OF: 2,
            RelationKind.PARTNER: 0,
            RelationKind.EX_PARTNER: 0,
            RelationKind.SIBLING: 0,
        }.get(r.kind)
        if delta is not None:
            constraints.append((r.from_person_id, r.to_person_id, delta))
    for _round in range(len(persons) + 2):
        changed = False
        for a, b, delta in constraints:
            if a in gen and b not in gen:
                gen[b] = gen[a] + delta
                changed = True
            elif b in gen and a not in gen:
                gen[a] = gen[b] - delta
                changed = True
        if not changed:
            # An unconnected group: anchor one of its people by family role and go on.
            loose = [p for p in persons if p.pk not in gen]
            if not loose:
                break
            gen[loose[0].pk] = 10 if _initial_generation(loose[0]) else 9
    for p in persons:
        gen.setdefault(p.pk, 10 if _initial_generation(p) else 9)
    low = min(gen.values()) if gen else 0
    return {pk: g - low for pk, g in gen.items()}


def _partner_chains(row: list[int], partners: dict[int, set[int]]) -> list[list[int]]:
    """Group a row into units: partner chains (A–B–C side by side) and single persons."""
    seen: set[int] = set()
    units: list[list[int]] = []
    in_row = set(row)
    for pk in row:
        if pk in seen:
            continue
        # collect component
        comp, stack = [], [pk]
        while stack:
            cur = stack.pop()
            if cur in seen:
                continue
            seen.add(cur)
            comp.append(cur)
            stack.extend(p for p in partners.get(cur, ()) if p in in_row and p not in seen)
        if len(comp) > 2:
            # A path: start at an end (one partner), walk along.
            ends = [p for p in comp if len(partners.get(p, set()) & set(comp)) == 1] or [comp[0]]
            ordered, cur, prev = [ends[0]], ends[0], None
            while True:
                nxt = [p for p in partners.get(cur, ()) if p in comp and p != prev and p not in ordered]
                if not nxt:
                    break
                prev, cur = cur, nxt[0]
                ordered.append(cur)
            ordered += [p for p in comp if p not in ordered]
            comp = ordered
        units.append(comp)
    return units


def genogram_layout(persons: list[Person], relations: list[Relationship], today: date) -> Genogram:
    """Place persons and draw the lines. `persons` are the case's genogram people."""
    if not persons:
        return Genogram([], [], [], "", 400, 120, empty=True)
    by_id = {p.pk: p for p in persons}
    relations = [r for r in relations if r.from_person_id in by_id and r.to_person_id in by_id]
    gen = _generations(persons, relations)

    partners: dict[int, set[int]] = defaultdict(set)
    parents: dict[int, set[int]] = defaultdict(set)
    siblings: dict[int, set[int]] = defaultdict(set)
    for r in relations:
        a, b = r.from_person_id, r.to_person_id
        if r.kind in (RelationKind.PARTNER, RelationKind.EX_PARTNER) and gen[a] == gen[b]:
            partners[a].add(b)
            partners[b].add(a)
        elif r.kind == RelationKind.PARENT_OF:
            parents[b].add(a)
        elif r.kind == RelationKind.SIBLING:
            siblings[a].add(b)
            siblings[b].add(a)
    # Siblings share their parents in the drawing when only one of them has them recorded.
    for a, sibs in siblings.items():
        for b in sibs:
            if parents[b] and not parents[a]:
                parents[a] = set(parents[b])
    children: dict[int, set[int]] = defaultdict(set)
    for child, ps in parents.items():
        for p in ps:
            children[p].add(child)

    rows: dict[int, list[int]] = defaultdict(list)
    for p in sorted(persons, key=lambda p: (p.birth_date or date.max, p.first_name)):
        rows[gen[p.pk]].append(p.pk)
    depth = max(rows) + 1

    # Order: units (partner chains) per row; then barycentre sweeps down and up.
    x: dict[int, float] = {}
    order: dict[int, list[list[int]]] = {g: _partner_chains(rows[g], partners) for g in range(depth)}

    def place(g: int) -> None:
        pos = 0.0
        for unit in order[g]:
            for pk in unit:
                x[pk] = pos
                pos += 1

    for g in range(depth):
        place(g)

    def unit_key(unit: list[int], ref: dict[int, set[int]], g: int) -> float:
        vals = [x[o] for pk in unit for o in ref.get(pk, ()) if o in x]
        vals += [x[o] + 0.1 for pk in unit for o in siblings.get(pk, ()) if o in x and gen[o] == g]
        return sum(vals) / len(vals) if vals else min(x[pk] for pk in unit)

    def orient_units(g: int, ref: dict[int, set[int]]) -> None:
        """Turn a partner chain around when its outer members lean the other way (siblings, parents)."""
        for unit in order[g]:
            if len(unit) < 2:
                continue
            first = [x[o] for o in (ref.get(unit[0], set()) | siblings.get(unit[0], set())) if o in x]
            last = [x[o] for o in (ref.get(unit[-1], set()) | siblings.get(unit[-1], set())) if o in x]
            if first and last and sum(first) / len(first) > sum(last) / len(last):
                unit.reverse()

    for _sweep in range(4):
        for g in range(1, depth):
            order[g].sort(key=lambda u, g=g: unit_key(u, parents, g))
            place(g)
        for g in range(depth - 2, -1, -1):
            orient_units(g, children)
            order[g].sort(key=lambda u, g=g: unit_key(u, children, g))
            place(g)

    # Coordinates: start from the order, pull children under their parents and parents over their
    # children, then push apart so nobody overlaps.
    coord: dict[int, float] = {pk: x[pk] * COL for pk in x}

    def resolve(g: int) -> None:
        seq = [pk for unit in order[g] for pk in unit]
        for i in range(1, len(seq)):
            coord[seq[i]] = max(coord[seq[i]], coord[seq[i - 1]] + COL)

    for _it in range(6):
        for g in range(1, depth):
            for unit in order[g]:
                ps = [p for pk in unit for p in parents.get(pk, ())]
                if ps:
                    centre = sum(coord[p] for p in ps) / len(ps)
                    mid = sum(coord[pk] for pk in unit) / len(unit)
                    for pk in unit:
                        coord[pk] += centre - mid
            resolve(g)
        for g in range(depth - 2, -1, -1):
            for unit in order[g]:
                cs = [c for pk in unit for c in children.get(pk, ())]
                if cs:
                    centre = sum(coord[c] for c in cs) / len(cs)
                    mid = sum(coord[pk] for pk in unit) / len(unit)
                    for pk in unit:
                        coord[pk] += (centre - mid) * 0.5
            resolve(g)
    low = min(coord.values())
    nodes: dict[int, GNode] = {}
    for p in persons:
        node = GNode(person=p, gen=gen[p.pk])
        node.x = round(coord[p.pk] - low + MARGIN_X, 1)
        node.y = MARGIN_TOP + gen[p.pk] * ROW
        node.shape = {Gender.MALE: "square", Gender.FEMALE: "circle"}.get(p.gender, "diamond")
        node.label = str(p)
        age = p.age_on(today)
        node.sublabel = _sublabel(p, age)
        node.role_label = _role_label(p)
        nodes[p.pk] = node

    lines: list[GLine] = []
    quality_lines: list[GLine] = []
    drawn_partner_pairs: set[frozenset[int]] = set()
    for r in relations:
        a, b = nodes[r.from_person_id], nodes[r.to_person_id]
        if r.kind in (RelationKind.PARTNER, RelationKind.EX_PARTNER) and a.gen == b.gen:
            drawn_partner_pairs.add(frozenset((a.person.pk, b.person.pk)))
            left, right = (a, b) if a.x < b.x else (b, a)
            y = left.y + SIZE / 2 + 8
            path = f"M{left.x},{left.bottom} V{y} H{right.x} V{right.bottom}"
            css = "g-partner" + (" g-cohabiting" if r.cohabiting else "")
            lines.append(GLine(path=path, css=css))
            if r.kind == RelationKind.EX_PARTNER:
                mx = (left.x + right.x) / 2
                lines.append(
                    GLine(path=f"M{mx - 8},{y + 8} L{mx - 2},{y - 8} M{mx + 2},{y + 8} L{mx + 8},{y - 8}", css="g-ex")
                )
    # Parent → children: one sibling bar per set of parents.
    families: dict[frozenset[int], list[int]] = defaultdict(list)
    for child_id, ps in parents.items():
        if child_id in nodes:
            families[frozenset(p for p in ps if p in nodes)].append(child_id)
    for ps, kids in families.items():
        if not ps:
            continue
        pnodes = [nodes[p] for p in ps]
        if len(pnodes) >= 2:
            pnodes.sort(key=lambda n: n.x)
            start_x = sum(n.x for n in pnodes) / len(pnodes)
            start_y = pnodes[0].y + SIZE / 2 + 8
        else:
            start_x, start_y = pnodes[0].x, pnodes[0].bottom
        knodes = sorted((nodes[k] for k in kids), key=lambda n: n.x)
        bar_y = knodes[0].top - 26
        xs = [n.x for n in knodes] + [start_x]
        path = f"M{start_x},{start_y} V{bar_y} M{min(xs)},{bar_y} H{max(xs)}"
        for k in knodes:
            path += f" M{k.x},{bar_y} V{k.top - (4 if k.shape == 'diamond' else 0)}"
        lines.append(GLine(path=path, css="g-child"))
    for r in relations:
        if r.kind == RelationKind.GRANDPARENT_OF and not parents.get(r.to_person_id):
            a, b = nodes[r.from_person_id], nodes[r.to_person_id]
            lines.append(GLine(path=f"M{a.x},{a.bottom} L{b.x},{b.top}", css="g-grand"))
    # Emotional quality: a separate line beside the structural one.
    for r in relations:
        if not r.quality:
            continue
        a, b = nodes[r.from_person_id], nodes[r.to_person_id]
        quality_lines.append(GLine(path=_quality_path(a, b, r.quality), css=f"g-q g-q-{r.quality}", title=""))
        quality_lines[-1].title = f"{a.label} – {b.label}: {r.get_quality_display()}"

    household_path = _household_outline([n for n in nodes.values() if n.person.is_household])
    width = int(max(n.x for n in nodes.values()) + MARGIN_X)
    height = int(MARGIN_TOP + (depth - 1) * ROW + SIZE / 2 + 70)
    return Genogram(
        nodes=sorted(nodes.values(), key=lambda n: (n.gen, n.x)),
        lines=lines,
        quality_lines=quality_lines,
        household_path=household_path,
        width=max(width, 740),
        height=height,
    )


def _role_label(p: Person) -> str:
    """Under the name: the relation in words for network members, otherwise the role in the family."""
    member = getattr(p, "network_member", None)
    text = (member.relation_text or str(member.get_relation_display())) if member else ""
    if not text and p.family_role:
        text = str(p.get_family_role_display())
    return text if len(text) <= 24 else text[:23] + "…"


def _sublabel(p: Person, age: int | None) -> str:
    parts = []
    if p.deceased:
        parts.append("†")
    if age is not None and not p.deceased:
        parts.append(str(age))
    elif p.birth_date:
        parts.append(f"°{p.birth_date.year}")
    return " ".join(parts)


def _quality_path(a: GNode, b: GNode, quality: str) -> str:
    """A line between two people showing how they get on; zig-zag for conflict and violence.

    Same row: between the facing sides of the symbols, at their middle (partner lines run below).
    Different rows: from below the upper person's name to above the lower symbol, shifted aside so it
    does not hide the parent-child line.
    """
    if abs(a.y - b.y) < 1:
        left, right = (a, b) if a.x < b.x else (b, a)
        sx, sy = left.right + 6, left.y
        ex, ey = right.left - 6, right.y
        ux, uy = 1.0, 0.0
    else:
        upper, lower = (a, b) if a.y < b.y else (b, a)
        sx, sy = upper.x, upper.y + SIZE / 2 + 52
        ex, ey = lower.x, lower.top - 8
        dx, dy = ex - sx, ey - sy
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        shift = 16
        sx, sy, ex, ey = sx - uy * shift, sy + ux * shift, ex - uy * shift, ey + ux * shift
    if quality in (RelationQuality.CONFLICT, RelationQuality.VIOLENT):
        seg = math.hypot(ex - sx, ey - sy)
        n = max(4, int(seg // 10))
        pts = [f"M{sx:.1f},{sy:.1f}"]
        amp = 6
        for i in range(1, n):
            t = i / n
            cx, cy = sx + (ex - sx) * t, sy + (ey - sy) * t
            sign = 1 if i % 2 else -1
            pts.append(f"L{cx - uy * amp * sign:.1f},{cy + ux * amp * sign:.1f}")
        pts.append(f"L{ex:.1f},{ey:.1f}")
        return " ".join(pts)
    if quality == RelationQuality.CUT_OFF:
        mx, my = (sx + ex) / 2, (sy + ey) / 2
        bar = f" M{mx - uy * 9 - ux * 3:.1f},{my + ux * 9 - uy * 3:.1f} l{uy * 18:.1f},{-ux * 18:.1f}"
        bar += f" M{mx - uy * 9 + ux * 3:.1f},{my + ux * 9 + uy * 3:.1f} l{uy * 18:.1f},{-ux * 18:.1f}"
        return f"M{sx:.1f},{sy:.1f} L{ex:.1f},{ey:.1f}" + bar
    return f"M{sx:.1f},{sy:.1f} L{ex:.1f},{ey:.1f}"


def _household_outline(nodes: list[GNode]) -> str:
    """One outline around everyone who lives in the household: per row a band, joined into a contour."""
    if not nodes:
        return ""
    pad_x, pad_top, pad_bottom = 66, 34, 66
    bands: dict[float, list[float]] = defaultdict(list)
    for n in nodes:
        bands[n.y].append(n.x)
    rows = sorted((y, min(xs) - pad_x, max(xs) + pad_x) for y, xs in bands.items())
    # Right side going down, left side going up.
    pts: list[tuple[float, float]] = []
    for i, (y, _l, r) in enumerate(rows):
        top = y - pad_top if i == 0 else (rows[i - 1][0] + pad_bottom + y - pad_top) / 2
        bottom = y + pad_bottom if i == len(rows) - 1 else (y + pad_bottom + rows[i + 1][0] - pad_top) / 2
        pts += [(r, top), (r, bottom)]
    for i in range(len(rows) - 1, -1, -1):
        y, l_, _r = rows[i]
        top = y - pad_top if i == 0 else (rows[i - 1][0] + pad_bottom + y - pad_top) / 2
        bottom = y + pad_bottom if i == len(rows) - 1 else (y + pad_bottom + rows[i + 1][0] - pad_top) / 2
        pts += [(l_, bottom), (l_, top)]
    return "M" + " L".join(f"{px:.0f},{py:.0f}" for px, py in pts) + " Z"


# --- Safety circle ------------------------------------------------------------------------------

CIRCLE_SIZE = 820
CENTRE = CIRCLE_SIZE / 2
RING_RADII = {CircleRing.INNER: (78, 178), CircleRing.MIDDLE: (178, 290), CircleRing.OUTER: (290, 400)}


@dataclass
class CircleSpot:
    member: NetworkMember
    x: float
    y: float
    label: str
    sublabel: str
    shape: str  # circle (informal) / square (formal)
    influence: str
    is_jim: bool

    @property
    def label_y(self) -> float:
        return self.y + 24

    @property
    def sublabel_y(self) -> float:
        return self.y + 39

    @property
    def square_x(self) -> float:
        return self.x - 8

    @property
    def square_y(self) -> float:
        return self.y - 8


@dataclass
class SafetyCircle:
    size: int
    centre: float
    rings: list[dict[str, object]]
    spots: list[CircleSpot]
    children: list[dict[str, object]]
    excluded: list[NetworkMember] = field(default_factory=list)
    unplaced: list[NetworkMember] = field(default_factory=list)


def safety_circle_layout(members: list[NetworkMember], children: list[Person], jim_ids: set[int]) -> SafetyCircle:
    rings = []
    labels = dict(CircleRing.choices)
    for ring in reversed(RING_ORDER):
        inner, outer = RING_RADII[ring]
        rings.append(
            {
                "key": ring,
                "r": outer,
                "label": str(labels[ring]).split(" — ")[0],
                "label_y": CENTRE - outer + 20,
            }
        )
    spots: list[CircleSpot] = []
    for index, ring in enumerate(RING_ORDER):
        placed = [m for m in members if m.circle_ring == ring]
        inner, outer = RING_RADII[ring]
        radius = (inner + outer) / 2 + 6
        n = len(placed)
        # Start each ring at a different angle so labels of neighbouring rings do not line up; keep
        # away from the ring label at the top.
        offset = -math.pi / 2 + math.pi / max(n, 1) + index * 0.35
        for i, member in enumerate(placed):
            angle = offset + 2 * math.pi * i / max(n, 1)
            x = CENTRE + radius * math.cos(angle)
            y = CENTRE + radius * math.sin(angle)
            spots.append(
                CircleSpot(
                    member=member,
                    x=round(x, 1),
                    y=round(y - 8, 1),
                    label=str(member.person),
                    sublabel=member.relation_label,
                    shape="square" if member.is_formal else "circle",
                    influence=member.influence,
                    is_jim=member.pk in jim_ids or member.is_jim,
                )
            )
    kids = []
    count = len(children)
    for i, child in enumerate(children):
        y = CENTRE - (count - 1) * 11 + i * 22
        kids.append({"person": child, "y": round(y + 5, 1)})
    return SafetyCircle(
        size=CIRCLE_SIZE,
        centre=CENTRE,
        rings=rings,
        spots=spots,
        children=kids,
        excluded=[m for m in members if m.circle_ring == CircleRing.EXCLUDED],
        unplaced=[m for m in members if not m.circle_ring],
    )


def genogram_people(persons: list[Person], relations: list[Relationship]) -> list[Person]:
    """Who appears in the genogram: the household, family roles, and anyone in a family relation."""
    related = {r.from_person_id for r in relations} | {r.to_person_id for r in relations}
    return [p for p in persons if p.is_household or p.family_role or p.pk in related]
