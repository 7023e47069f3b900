"""The page benchmark's tables and its targets (``benchmarks/pages.py``)."""

STAFF_TARGET_RATIO = 10  # median within 10x the floor
PUBLIC_TARGET_RATIO = 5
SIGNUP_POST_TARGET_RATIO = 10
GROWTH_TARGET = 2  # no more than 2x slower at the large size
ELIGIBILITY_TARGET_MS = 500
EXPORT_TARGET_MS = 1000
EXPORT_FIRST_BYTE_TARGET_MS = 100
ADMIN_BUYER_PAGE_TARGET_MS = 300


def _pages(size):
    return {page["name"]: page for page in size["pages"] if page["name"] != "floor"}


def _fmt(value, pattern="{:,.1f}"):
    return "–" if value is None else pattern.format(value)


def print_report(run, earlier=None):
    for size in run["sizes"]:
        floor = size["floor_ms"]
        print(f"\n## {size['size']}: {size['factories']:,} factories, {size['buyers']:,} buyers; floor {floor:.1f} ms")
        print(f"{'page':<36} {'median':>9} {'p95':>9} {'req/s':>7} {'queries':>8} {'x floor':>8} {'KiB':>7}")
        for page in _pages(size).values():
            if not page["requests"]:
                print(f"{page['name']:<36} failed: {', '.join(page['failures'])}")
                continue
            print(
                f"{page['name']:<36} {page['median_ms']:>7.1f}ms {page['p95_ms']:>7.1f}ms {page['rps']:>7.1f} "
                f"{_fmt(page['queries'], '{:.0f}'):>8} {page['median_ms'] / floor:>7.1f}x {page['kib']:>7.0f}"
            )
        print("\nIn one process (median of 5):")
        for name, read in size["reads"].items():
            print(f"  {name:<40} {read['median_ms']:>9.1f} ms {read['queries']:>4} queries {read['rows']:>7,} rows")
        export = size["export"]
        print(
            f"Full buyer CSV: first byte {export['first_byte_ms']:.0f} ms, total {export['total_ms']:.0f} ms, "
            f"{export['kib']:,.0f} KiB; worker memory {_mib(export['worker_rss_kib_before'])} before, "
            f"{_mib(export['worker_rss_kib_after'])} after"
        )
    if len(run["sizes"]) == 2:
        small, large = (_pages(size) for size in run["sizes"])
        print(f"\n## Growth, {run['sizes'][0]['size']} to {run['sizes'][1]['size']} (median)")
        for name, page in large.items():
            before = small.get(name, {}).get("median_ms")
            if before and page.get("median_ms"):
                after = page["median_ms"]
                print(f"{name:<36} {before:>8.1f} ms -> {after:>8.1f} ms  {after / before:>5.1f}x")
    if earlier:
        print(f"\n## Change from the run of {earlier['started']} ({earlier.get('commit', '?')})")
        old_sizes = {size["size"]: _pages(size) for size in earlier["sizes"]}
        for size in run["sizes"]:
            old = old_sizes.get(size["size"], {})
            for name, page in _pages(size).items():
                before = old.get(name, {}).get("median_ms")
                if before and page.get("median_ms"):
                    print(
                        f"{size['size']:<6} {name:<36} {before:>8.1f} ms -> {page['median_ms']:>8.1f} ms "
                        f"({page['median_ms'] / before:.2f}x)"
                    )


def _mib(sizes):
    return "/".join(f"{kib / 1024:.0f}" for kib in sizes) + " MiB" if sizes else "–"


def targets(run):
    """Print each target of issue 14 as met, or missed by how much."""
    sizes = {size["size"]: size for size in run["sizes"]}
    large = sizes.get("large")
    if large is None:
        print("\nTargets are read at the large size; run it to check them.")
        return
    floor = large["floor_ms"]
    lines = []
    small_pages = _pages(sizes["demo"]) if "demo" in sizes else {}
    for name, page in _pages(large).items():
        if not page.get("median_ms"):
            lines.append((False, f"{name}: no successful request"))
            continue
        if name == "signup sent (public)":
            limit = SIGNUP_POST_TARGET_RATIO
        elif name.endswith("(public)"):
            limit = PUBLIC_TARGET_RATIO
        else:
            limit = STAFF_TARGET_RATIO
        ratio = page["median_ms"] / floor
        lines.append((ratio <= limit, f"{name}: {ratio:.1f}x the floor (target {limit}x)"))
        before = small_pages.get(name, {}).get("median_ms")
        if before and not name.endswith("(public)"):
            growth = page["median_ms"] / before
            lines.append((growth <= GROWTH_TARGET, f"{name}: {growth:.1f}x demo size (target {GROWTH_TARGET}x)"))
    eligibility = large["reads"]["eligibility of every buyer"]["median_ms"]
    lines.append(
        (
            eligibility <= ELIGIBILITY_TARGET_MS,
            f"eligibility of every buyer: {eligibility:.0f} ms (target {ELIGIBILITY_TARGET_MS} ms)",
        )
    )
    export = large["export"]
    lines.append(
        (
            export["total_ms"] <= EXPORT_TARGET_MS,
            f"full CSV export: {export['total_ms']:.0f} ms (target {EXPORT_TARGET_MS} ms)",
        )
    )
    lines.append(
        (
            export["first_byte_ms"] <= EXPORT_FIRST_BYTE_TARGET_MS,
            f"full CSV export, first byte: {export['first_byte_ms']:.0f} ms (target {EXPORT_FIRST_BYTE_TARGET_MS} ms)",
        )
    )
    for size in run["sizes"]:
        page = _pages(size).get("admin buyer page", {})
        if page.get("median_ms"):
            lines.append(
                (
                    page["median_ms"] <= ADMIN_BUYER_PAGE_TARGET_MS,
                    f"admin buyer page at {size['size']} size: {page['median_ms']:.0f} ms "
                    f"(target {ADMIN_BUYER_PAGE_TARGET_MS} ms)",
                )
            )
    missed = [text for ok, text in lines if not ok]
    print(f"\n## Targets: {len(lines) - len(missed)} of {len(lines)} met")
    for text in missed:
        print(f"  missed  {text}")
