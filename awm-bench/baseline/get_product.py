"""The SQL of the e_commerce starter's tool get_product, which the Python baselines run."""

# verbatim from the tool's code
GET_PRODUCT = (
    "SELECT p.id, p.sku, p.name, p.description, b.name AS brand, c.name AS category, pc.name AS parent_category, "
    "p.price, p.stock, CASE WHEN p.stock > 0 AND p.status = 'active' THEN 1 ELSE 0 END AS in_stock, p.status, p.created_at, "
    "(SELECT ROUND(AVG(r.rating), 2) FROM reviews r WHERE r.product_id = p.id) AS average_rating, "
    "(SELECT COUNT(*) FROM reviews r WHERE r.product_id = p.id) AS review_count "
    "FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id "
    "LEFT JOIN categories pc ON pc.id = c.parent_id WHERE p.id = ?"
)
