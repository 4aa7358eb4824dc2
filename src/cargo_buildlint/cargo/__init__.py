"""Facts about Cargo, one subject a module: profiles, package specs, version gates, targets.

Each fact names the reference section or Cargo behaviour it follows; the differential tests
against real cargo keep them honest. Code that needs a fact imports it from here.
"""
