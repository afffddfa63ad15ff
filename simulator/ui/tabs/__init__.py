"""The page's tabs, each built by one function from its panels (see simulator.ui.layout)."""
