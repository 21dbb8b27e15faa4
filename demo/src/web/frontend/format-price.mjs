/** 1999 → "19.99". Prices are integer cents, as the API returns them. */
export function formatPrice(priceCents) {
  return (priceCents / 100).toFixed(2);
}
