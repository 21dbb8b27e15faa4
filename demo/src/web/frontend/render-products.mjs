/* global document */
import { formatPrice } from './format-price.mjs';

/** Writes one list item per product into the list, escaping what the API returned. */
export function renderProducts(list, products) {
  list.replaceChildren(
    ...products.map((product) => {
      const item = document.createElement('li');
      item.textContent = `${product.name} (${product.category}): ${formatPrice(product.price_cents)}`;
      return item;
    }),
  );
}
