"""Real postcodes (a sample per authority) for home and placement addresses in SSDA903 files.

The DfE validators look postcodes up to find the placement's local authority and distance, so
made-up postcodes fail. These are a fixed sample of postcodes in each authority's area taken from
the ONS Postcode Directory (Open Government Licence; contains Royal Mail and OS data, Crown
copyright and database right). Keyed by the authority's ONS code.
"""

from __future__ import annotations

POSTCODES: dict[str, tuple[str, ...]] = {
    "E08000011": (
        "L10 0AD", "L14 6TU", "L14 8UN", "L25 0QD", "L25 9RZ", "L26 0XJ", "L26 6AL", "L26 7YD",
        "L26 9XU", "L28 4ET", "L32 0TG", "L32 2AL", "L32 4SQ", "L32 6QN", "L32 7RQ", "L32 8XD",
        "L32 9SW", "L33 1QY", "L33 1XB", "L33 3AQ", "L33 4YX", "L33 7AN", "L33 7TN", "L33 7ZS",
        "L34 0BA", "L34 1LD", "L34 2SW", "L34 4BB", "L34 5TF", "L34 8HN", "L35 1AE", "L35 2XB",
        "L35 3PY", "L35 3WA", "L35 5DZ", "L35 7LW", "L36 0UD", "L36 1WA", "L36 2QD", "L36 3UP",
        "L36 4LZ", "L36 5RT", "L36 5YN", "L36 6HA", "L36 7TP", "L36 8BH", "L36 8WX", "L36 9WT",
    ),
    "E08000012": (
        "L10 0WZ", "L11 1AG", "L11 2XL", "L11 5BE", "L11 9WA", "L12 0WB", "L12 5EW", "L12 8RD",
        "L13 0WA", "L13 3AQ", "L13 5TY", "L13 7JD", "L14 0PD", "L14 5NE", "L15 0WA", "L15 4HY",
        "L15 6XT", "L15 9HU", "L16 7PW", "L17 1AZ", "L17 5DQ", "L17 7WT", "L18 0HJ", "L18 2EP",
        "L18 4RB", "L18 8AD", "L19 0LG", "L19 2NY", "L19 5NJ", "L19 9BH", "L20 8QJ", "L24 2XU",
        "L24 9HU", "L25 1QE", "L25 3NW", "L25 5HA", "L25 6WP", "L25 8SP", "L27 5RD", "L69 1AY",
        "L69 1XL", "L69 2SY", "L69 3HN", "L69 3ZF", "L69 5YW", "L69 7LY", "L69 8EN", "L70 1AZ",
    ),
    "E08000013": (
        "L34 2AA", "L35 0QP", "L35 6PB", "L35 9NA", "WA10 1HS", "WA10 1SU", "WA10 2FF", "WA10 2SE",
        "WA10 3EY", "WA10 3RL", "WA10 4BH", "WA10 4LU", "WA10 5DD", "WA10 5PN", "WA10 6HH", "WA10 6TB",
        "WA10 9FB", "WA10 9TH", "WA11 0HJ", "WA11 0RX", "WA11 7AT", "WA11 7NB", "WA11 8BS", "WA11 8LU",
        "WA11 9BX", "WA11 9NL", "WA11 9WA", "WA12 0GA", "WA12 2DN", "WA12 8JR", "WA12 8WU", "WA12 9HL",
        "WA12 9RY", "WA12 9ZQ", "WA8 3XL", "WA9 1JB", "WA9 1SW", "WA9 2LY", "WA9 3EU", "WA9 3PL",
        "WA9 3WY", "WA9 4ET", "WA9 4PF", "WA9 4WU", "WA9 5EN", "WA9 5PA", "WA9 5WP", "WN4 0XP",
    ),
    "E08000014": (
        "L10 1NB", "L20 0DS", "L20 3FE", "L20 4DU", "L20 4UU", "L20 6EH", "L20 7EJ", "L20 9HF",
        "L21 1AA", "L21 4NS", "L21 7RE", "L21 9NS", "L22 3WA", "L22 7RW", "L23 0WZ", "L23 2XZ",
        "L23 5UR", "L23 7WZ", "L23 9UX", "L30 1SJ", "L30 4UL", "L30 7QR", "L31 1DH", "L31 2PH",
        "L31 4YX", "L31 7BP", "L31 9PB", "L37 2EP", "L37 3LD", "L37 4HL", "L37 7AQ", "L37 8WZ",
        "L71 2LA", "PR8 1HP", "PR8 2BZ", "PR8 2RD", "PR8 3HZ", "PR8 4AT", "PR8 4RQ", "PR8 5NY",
        "PR8 6NE", "PR8 9BY", "PR8 9RJ", "PR9 0GS", "PR9 0WG", "PR9 7PS", "PR9 8QA", "PR9 9JS",
    ),
    "E08000015": (
        "CH25 9AA", "CH29 9DN", "CH41 0YZ", "CH41 4JX", "CH41 8ER", "CH42 3XD", "CH42 9JJ", "CH43 3BY",
        "CH43 7XS", "CH44 1DT", "CH44 6ND", "CH45 1LS", "CH45 5HX", "CH46 0RY", "CH46 7TQ", "CH47 4AN",
        "CH48 4DB", "CH49 1AE", "CH49 5PH", "CH60 2TE", "CH61 1AR", "CH61 9PS", "CH62 4UU", "CH62 8HE",
        "CH63 3BZ", "CH63 8PX", "L41 2QH", "L41 5EQ", "L41 9AF", "L42 4QW", "L43 0SY", "L43 5SY",
        "L43 9RJ", "L44 3EQ", "L44 8BG", "L45 3NF", "L45 7QR", "L46 3RW", "L47 1JB", "L48 1NY",
        "L48 9UA", "L49 4RQ", "L60 1YF", "L61 1AW", "L62 0AR", "L62 5DU", "L62 9HX", "L63 5LG",
    ),
    "E06000050": (
        "CH1 1AA", "CH1 2DP", "CH1 3PT", "CH1 4WW", "CH1 6AR", "CH1 9LY", "CH2 1LR", "CH2 3BB",
        "CH2 4FG", "CH34 9FU", "CH3 5XD", "CH3 7BQ", "CH3 8LH", "CH4 7BB", "CH4 8LF", "CH64 0WH",
        "CH64 5UD", "CH65 0BE", "CH65 4FN", "CH65 8AZ", "CH66 1PN", "CH66 2WE", "CH66 4PT", "CH99 1BA",
        "CW6 0PB", "CW6 9TU", "CW7 1TQ", "CW7 2XG", "CW7 4AH", "CW8 1FZ", "CW8 2HT", "CW8 3GZ",
        "CW8 4QJ", "CW9 5PR", "CW9 6XB", "CW9 7XP", "CW9 8WJ", "CW9 9WQ", "L64 4EU", "L64 9XL",
        "L65 4LJ", "L65 8HP", "L66 2GX", "L66 3QE", "L66 7NS", "WA6 0NQ", "WA6 6SQ", "WA6 8BW",
    ),
    "E10000017": (
        "BB10 1AA", "BB10 4GB", "BB11 4DE", "BB12 6EF", "BB1 2PJ", "BB1 9NF", "BB4 6QS", "BB4 9SW",
        "BB5 3LP", "BB5 6RP", "BB7 0EN", "BB7 4SF", "BB8 6BD", "BB8 9RG", "BB9 6LP", "BB9 9XX",
        "FY5 2ZR", "FY6 6ER", "FY7 6QJ", "FY8 1UU", "FY8 4QJ", "L39 2WB", "L40 2RB", "LA1 1YJ",
        "LA1 4XZ", "LA2 6GP", "LA3 2JP", "LA4 5LW", "LA5 9NP", "PR1 1UB", "PR1 4YN", "PR1 8PB",
        "PR2 1ED", "PR2 3YD", "PR25 3WN", "PR26 9HE", "PR2 9SP", "PR3 2EL", "PR4 0DT", "PR4 2ZN",
        "PR4 6HE", "PR5 2PH", "PR5 5TZ", "PR6 0SB", "PR6 8SF", "PR7 3AS", "PR7 6HW", "WN8 6DJ",
    ),
    "E06000006": (
        "L24 4AD", "WA4 4BB", "WA4 6WY", "WA7 1FL", "WA7 1NA", "WA7 1SP", "WA7 1YB", "WA7 2EW",
        "WA7 2LH", "WA7 2RW", "WA7 2XH", "WA7 3FA", "WA7 3WQ", "WA7 4FB", "WA7 4NR", "WA7 4TD",
        "WA7 4ZH", "WA7 5FG", "WA7 5NN", "WA7 5SZ", "WA7 6AD", "WA7 6FS", "WA7 6NT", "WA7 6UG",
        "WA7 9ER", "WA8 0EW", "WA8 0LH", "WA8 0RW", "WA8 0YR", "WA8 2ER", "WA8 3EN", "WA8 3UF",
        "WA8 4SR", "WA8 5BL", "WA8 6DS", "WA8 6LQ", "WA8 6SP", "WA8 7DU", "WA8 7LW", "WA8 7SQ",
        "WA88 1AJ", "WA8 8EE", "WA8 8LA", "WA8 8RQ", "WA8 8XL", "WA8 9DU", "WA8 9JJ", "WA8 9RU",
    ),
    "E06000007": (
        "WA1 1AA", "WA1 1NF", "WA1 2AQ", "WA1 2NQ", "WA13 0EQ", "WA13 0SE", "WA13 9JB", "WA1 3AZ",
        "WA1 3QQ", "WA1 4FR", "WA1 4XA", "WA1 9SY", "WA2 0HF", "WA2 0TZ", "WA2 7GA", "WA2 7UE",
        "WA2 8LW", "WA2 9AR", "WA2 9RJ", "WA3 4HS", "WA3 5FP", "WA3 6DP", "WA3 6QG", "WA3 7AN",
        "WA3 7PU", "WA4 1DS", "WA4 1RF", "WA4 2FF", "WA4 2RY", "WA4 3DQ", "WA4 4RG", "WA4 5GN",
        "WA4 6AN", "WA4 6PE", "WA4 9DA", "WA4 9QA", "WA5 0BF", "WA5 1BT", "WA5 1PZ", "WA5 2BD",
        "WA5 2QQ", "WA5 3DZ", "WA5 3QY", "WA5 4BP", "WA5 5AB", "WA5 5LW", "WA5 5XP", "WA5 8GR",
    ),
}
