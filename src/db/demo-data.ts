/**
 * The fixed lists the demo seed draws from. Changing any list changes the seeded data, so the
 * determinism test pins a checksum of each table: update it on purpose or not at all.
 */

export interface DemoCategory {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  /** The nouns product names of this category are made of. */
  readonly nouns: readonly string[];
}

export interface DemoSupplier {
  readonly id: string;
  readonly name: string;
  readonly country: string | null;
  readonly email: string | null;
  readonly rating: number | null;
}

export const demoCategories: readonly DemoCategory[] = [
  { id: 1, name: 'Kitchen', description: 'Cookware, knives and small appliances.', nouns: ['Kettle', "Chef's Knife", 'Cutting Board', 'Saucepan', 'Spice Rack', 'Toaster'] },
  { id: 2, name: 'Office', description: 'Everything for the desk.', nouns: ['Desk Lamp', 'Stapler', 'Notebook', 'Monitor Stand', 'Desk Organizer', 'Fountain Pen'] },
  { id: 3, name: 'Garden', description: null, nouns: ['Watering Can', 'Pruning Shears', 'Planter', 'Garden Hose', 'Bird Feeder', 'Trowel'] },
  { id: 4, name: 'Outdoor & Camping', description: 'Tents, stoves and lanterns for the trail.', nouns: ['Tent', 'Sleeping Bag', 'Camping Stove', 'Lantern', 'Water Bottle', 'Hiking Poles'] },
  { id: 5, name: 'Electronics', description: 'Audio, power and small gadgets.', nouns: ['Headphones', 'Bluetooth Speaker', 'Power Bank', 'USB Hub', 'Webcam', 'Smart Plug'] },
  { id: 6, name: 'Home Decor', description: null, nouns: ['Table Lamp', 'Picture Frame', 'Vase', 'Wall Clock', 'Throw Pillow', 'Candle Holder'] },
  { id: 7, name: 'Tools', description: 'Hand and power tools.', nouns: ['Cordless Drill', 'Screwdriver Set', 'Tape Measure', 'Hammer', 'Spirit Level', 'Socket Wrench'] },
  { id: 8, name: 'Toys & Games', description: 'Puzzles, games and plush toys.', nouns: ['Jigsaw Puzzle', 'Board Game', 'Building Blocks', 'Kite', 'Plush Bear', 'Yo-yo'] },
  { id: 9, name: 'Sports', description: 'Fitness and team sports.', nouns: ['Yoga Mat', 'Dumbbell', 'Tennis Racket', 'Football', 'Jump Rope', 'Cycling Gloves'] },
  { id: 10, name: 'Bath', description: null, nouns: ['Bath Towel', 'Shower Caddy', 'Soap Dispenser', 'Bath Mat', 'Toothbrush Holder', 'Vanity Mirror'] },
  { id: 11, name: 'Pet Supplies', description: 'For cats, dogs and fish.', nouns: ['Dog Leash', 'Cat Tree', 'Pet Bed', 'Feeding Bowl', 'Chew Toy', 'Aquarium Filter'] },
  { id: 12, name: 'Stationery & Art', description: 'Paper, pens and paint — "art supplies" for every level.', nouns: ['Sketchbook', 'Watercolour Set', 'Colour Pencils', 'Easel', 'Calligraphy Pen', 'Paint Brush Set'] },
];

export const demoSuppliers: readonly DemoSupplier[] = [
  { id: 'SUP-001', name: 'Acme Housewares Ltd', country: 'GB', email: 'orders@acme-housewares.example', rating: 4 },
  { id: 'SUP-002', name: 'Müller & Söhne GmbH', country: 'DE', email: 'vertrieb@mueller-soehne.example', rating: 5 },
  { id: 'SUP-003', name: "L'Atelier Provençal", country: 'FR', email: null, rating: 4 },
  { id: 'SUP-004', name: 'Nordic Goods AB', country: 'SE', email: 'hello@nordicgoods.example', rating: 3 },
  { id: 'SUP-005', name: '株式会社サクラ商事', country: 'JP', email: 'info@sakura-shoji.example', rating: 5 },
  { id: 'SUP-006', name: 'Pacific Outfitters Inc.', country: 'US', email: 'sales@pacific-outfitters.example', rating: null },
  { id: 'SUP-007', name: 'Casa Verde S.A.', country: 'ES', email: 'pedidos@casaverde.example', rating: 2 },
  { id: 'SUP-008', name: 'Bright Spark Electronics', country: 'CN', email: null, rating: 3 },
  { id: 'SUP-009', name: 'Maple Leaf Trading Co.', country: 'CA', email: 'trade@mapleleaf.example', rating: 4 },
  { id: 'SUP-010', name: 'Van der Berg B.V.', country: 'NL', email: 'info@vanderberg.example', rating: 4 },
  { id: 'SUP-011', name: 'Unnamed Wholesale', country: null, email: null, rating: null },
  { id: 'SUP-012', name: 'Fratelli Rossi S.r.l.', country: 'IT', email: 'ordini@fratellirossi.example', rating: 5 },
  { id: 'SUP-013', name: 'Southern Cross Supplies Pty', country: 'AU', email: 'orders@southerncross.example', rating: 3 },
  { id: 'SUP-014', name: 'Łódź Textiles Sp. z o.o.', country: 'PL', email: 'biuro@lodz-textiles.example', rating: null },
  { id: 'SUP-015', name: 'Alpine Tools AG', country: 'CH', email: 'service@alpinetools.example', rating: 5 },
  { id: 'SUP-016', name: 'Copenhagen Design ApS', country: 'DK', email: 'design@cph.example', rating: 4 },
  { id: 'SUP-017', name: '"Best Deals" Direct', country: 'US', email: 'deals@bestdeals.example', rating: 1 },
  { id: 'SUP-018', name: 'Seoul Smart Living', country: 'KR', email: 'contact@seoulsmart.example', rating: 4 },
  { id: 'SUP-019', name: 'Rio Artesanato Ltda', country: 'BR', email: null, rating: 3 },
  { id: 'SUP-020', name: 'Celtic Crafts', country: 'IE', email: 'hello@celticcrafts.example', rating: null },
  { id: 'SUP-021', name: 'Vienna Porzellan', country: 'AT', email: 'office@vienna-porzellan.example', rating: 5 },
  { id: 'SUP-022', name: 'Mumbai Metalworks Pvt Ltd', country: 'IN', email: 'exports@mumbaimetal.example', rating: 3 },
  { id: 'SUP-023', name: 'Helsinki Paper Oy', country: 'FI', email: 'myynti@helsinkipaper.example', rating: 4 },
  { id: 'SUP-024', name: 'Generic Imports', country: null, email: 'imports@generic.example', rating: 2 },
  { id: 'SUP-025', name: 'Cape Town Outdoor (Pty) Ltd', country: 'ZA', email: 'sales@capetownoutdoor.example', rating: 4 },
];

/** The first word of a regular product name. */
export const demoAdjectives: readonly string[] = [
  'Classic', 'Compact', 'Deluxe', 'Ergonomic', 'Heavy-Duty', 'Portable', 'Rustic', 'Sleek',
  'Vintage', 'Smart', 'Premium', 'Handmade', 'Organic', 'Lightweight', 'Stainless', 'Wireless',
  'Foldable', 'Eco', 'Professional', 'Mini',
];

/**
 * Names given to every 29th product (from row 3 on), so even a small seed holds quotes,
 * backslashes, LIKE wildcards, non-ASCII letters and characters outside the BMP.
 */
export const demoSpecialNames: readonly string[] = [
  "O'Brien's Kettle",
  'The "Original" Espresso Cup',
  'Crème brûlée torch',
  'Smörgåsbord tray',
  'Ångström ruler',
  '日本茶 set',
  'Señor Piñata',
  '12" Vinyl Record Frame',
  '100% Cotton Apron',
  'Snake_case Mug',
  'Back\\slash Bookend',
  '🚲 Bike Bell',
];

export const demoTags: readonly string[] = [
  'new', 'sale', 'eco', 'bestseller', 'limited', 'imported', 'handmade', 'gift', 'bulk', 'refurbished',
];

/** Appended to the product name to make its description. */
export const demoDescriptionPhrases: readonly string[] = [
  'Built to last.',
  'Ideal for everyday use.',
  'Ships in recycled packaging.',
  'Dishwasher safe.',
  'Comes with a two-year warranty.',
  'Designed in Europe, made to order.',
  'A customer favourite since launch.',
  'Assembly required; tools included.',
];
