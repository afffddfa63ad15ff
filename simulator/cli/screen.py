"""`cockpit-sim screen`: read a screenshot (controls, texts, warnings) or render the simulated screen."""

from __future__ import annotations

import json
import math
from pathlib import Path

from simulator.cli.argparsing import add_set_argument, parse_sets, print_json
from simulator.errors import CliError

NAME = "screen"
HELP = "read a screenshot into controls and warnings, or render the simulated center screen (--render)"
MAX_RENDER_MINUTES = 24 * 60
# A leak takes a while to cross the warning threshold; stop waiting after this.
WAIT_FOR_WARNING_MIN = 180


def add_arguments(p) -> None:
    p.add_argument("file", nargs="?", help="screenshot to read (PNG, JPEG, WebP…)")
    p.add_argument("--backend", default="ocr", help="screen reader: ocr (default) or qwen2-vl")
    p.add_argument("--model", help="qwen2-vl only: local model folder or hub name")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--render", metavar="OUT.png", help="render the simulated screen to this PNG instead")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the rendered screen")
    add_set_argument(p)
    p.add_argument("--inject", action="append", metavar="EVENT",
                   help="with --render: inject an event first, e.g. tire_leak:front_left, low_battery, "
                        "warning:engine_check (repeatable); the car then drives until a warning shows")
    p.add_argument("--minutes", type=float, help="with --render: simulated minutes to drive before drawing")
    p.add_argument("--seed", type=int, default=0, help="with --render: random seed of the drive")


def run(args) -> int:
    if args.render:
        if args.file:
            raise CliError("give either a FILE to read or --render OUT.png, not both")
        return _render(args)
    if not args.file:
        raise CliError("give a screenshot FILE to read, or --render OUT.png to draw the simulated screen")
    if args.inject or args.sets or args.minutes is not None:
        raise CliError("--set, --inject and --minutes only apply with --render")
    return _read(args)


def _read(args) -> int:
    from simulator.cli.backends import backend_errors, load_backend
    from multimodal.screen.info import notes_of

    options = {"model": args.model} if args.model else {}
    if args.model and args.backend != "qwen2-vl":
        raise CliError("--model only applies to --backend qwen2-vl")
    reader = load_backend("screen", args.backend, options)
    with backend_errors(prefix=f"{args.file}: "):
        screen = reader.read(args.file)
    if args.json:
        out = screen.to_dict()
        out["backend"] = args.backend
        print_json(out)
        return 0
    print(f"{args.file}: {screen.width}x{screen.height}, {len(screen.controls)} controls, "
          f"{len(screen.warnings)} warnings ({args.backend}, {screen.timings.get('total', 0):.0f} ms)")
    for c in screen.controls:
        state = f"  [{c.state}]" if c.state else ""
        print(f"  control  {c.label}{state}  box={list(c.box)}")
    for w in screen.warnings:
        print(f"  warning  {w.text}  ({w.warning_id or 'unknown'})  box={list(w.box)}")
    for note in notes_of(screen):
        print(f"  note     {note}")
    return 0


def _render(args) -> int:
    from simulator.hmi.renderer import FontMissing, render_screen
    from simulator.world import InjectError, make_world, parse_event

    out = Path(args.render)
    if out.suffix.lower() not in (".png", ".jpg", ".jpeg", ".webp"):
        raise CliError(f"--render needs a .png, .jpg or .webp file name, got {out.name}")
    if not out.parent.exists():
        raise CliError(f"--render: folder {out.parent} does not exist")
    if args.minutes is not None and (not math.isfinite(args.minutes) or not 0 <= args.minutes <= MAX_RENDER_MINUTES):
        raise CliError(f"--minutes must be within 0..{MAX_RENDER_MINUTES}, got {args.minutes:g}")
    overrides = parse_sets(args.sets)
    for name in args.inject or []:
        try:
            parse_event(name)
        except InjectError as err:
            raise CliError(f"--inject {name}: {err}") from None
    try:
        world = make_world(seed=args.seed, overrides=overrides)
    except ValueError as err:
        raise CliError(str(err)) from None
    before = set(world.state["warnings"])
    for name in args.inject or []:
        world.inject(name)
    if args.minutes is not None:
        world.run(args.minutes * 60)
    elif args.inject:
        for _ in range(WAIT_FOR_WARNING_MIN):
            if set(world.state["warnings"]) - before:
                break
            world.run(60)
    try:
        image, layout = render_screen(world.state, lang=args.lang)
    except FontMissing as err:
        raise CliError(str(err)) from None
    image.save(out)
    layout_path = out.with_suffix(".layout.json")
    layout_path.write_text(json.dumps(layout.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        print_json({"image": str(out), "layout": str(layout_path), "sim_minutes": round(world.now_s / 60, 2),
                    **layout.to_dict()})
        return 0
    print(f"rendered {out} ({layout.width}x{layout.height}, {args.lang}) after {world.now_s / 60:.0f} simulated "
          f"minutes; layout in {layout_path}")
    print(f"  {len(layout.controls)} controls; warnings: "
          f"{', '.join(w.active for w in layout.banners()) or 'none'}")
    return 0
