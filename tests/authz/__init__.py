"""The authorization suite: every route of `app.url_map` × every role × the objects of another family.

`world.py` builds two full families (A and B, each with its own regisseur and every role) once per module;
`routes.py` fills each rule's URL parameters from the world and says what each role must get; `test_matrix.py` walks
the route table, `test_gates.py` the second factor and the beheer pages, `test_attacks.py` the multi-step attacks.
"""
