"""Organisation design: the sales system, its structure, KAM and the sub-processes of selling."""
