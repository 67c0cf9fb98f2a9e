/**
 * Exports of Swedish, Danish, Norwegian, Finnish, Turkish, Russian, Japanese, Chinese, Korean and Brazilian shops: their column
 * names map to the roles without a hand (such a file had no customer, "RFM still needs: customer",
 * and its revenue a price guessed from the values alone, without the quantity), the amounts,
 * dates, groups and parties beside the sale's are none of its roles, and an order status in
 * their words (and in Portuguese, Spanish, French, Italian and Polish ones, as "Status do Pedido")
 * leaves out the orders that were no sale.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, normaliseHeader, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { MemorySource, openDb } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const day = (i: number) => String((i % 28) + 1).padStart(2, '0');
const csv = (header: string, line: (i: number) => string) => `${[header, ...Array.from({ length: 40 }, (_, i) => line(i))].join('\n')}\n`;
/** Quantities 1-3 at 4.50-7.50: the lines' amounts summed. */
const quantity = (i: number) => 1 + (i % 3);
const price = (i: number) => 4.5 + (i % 4);
const revenue = Array.from({ length: 40 }, (_, i) => quantity(i) * price(i)).reduce((a, b) => a + b, 0);
const comma = (x: number) => x.toFixed(2).replace('.', ',');

describe('column names of Nordic, Turkish, Russian, Japanese, Chinese, Korean and Brazilian exports', () => {
  it.each([
    [
      'Swedish',
      'Ordernummer;Orderdatum;Kundnummer;Artikelnummer;Benämning;Antal;À-pris;Belopp',
      (i: number) => `O${100 + i};2025-03-${day(i)};K${i % 7};A${i % 5};Kopp ${i % 5};${quantity(i)};${comma(price(i))};${comma(quantity(i) * price(i))}`,
      {
        invoice: 'Ordernummer',
        date: 'Orderdatum',
        customer: 'Kundnummer',
        sku: 'Artikelnummer',
        description: 'Benämning',
        quantity: 'Antal',
        unit_price: 'À-pris',
        line_total: 'Belopp',
      },
    ],
    [
      'Danish',
      'Ordrenummer;Ordredato;Kundenummer;Kundenavn;E-mail;Varenummer;Varenavn;Antal;Stykpris;Rabat;Moms;Beløb',
      (i: number) =>
        `O${100 + i};${day(i)}-03-2025;K${i % 7};Kunde ${i % 7};k${i % 7}@x.dk;V${i % 5};Krus ${i % 5};${quantity(i)};${comma(price(i))};${i % 4 ? '0,00' : '0,50'};${comma(price(i) / 5)};${comma(quantity(i) * price(i))}`,
      {
        invoice: 'Ordrenummer',
        date: 'Ordredato',
        customer: 'Kundenummer',
        full_name: 'Kundenavn',
        email: 'E-mail',
        sku: 'Varenummer',
        description: 'Varenavn',
        quantity: 'Antal',
        unit_price: 'Stykpris',
        line_total: 'Beløb',
      },
    ],
    [
      'Norwegian',
      'Ordrenr;Dato;Kundenr;Fornavn;Etternavn;E-post;Mobil;Artikkelnr;Beskrivelse;Antall;Pris inkl. mva;Sum;Postnummer;Poststed',
      (i: number) =>
        `O${100 + i};${day(i)}.03.2025;K${i % 7};Kari;Nordmann${i % 7};k${i % 7}@x.no;9123456${i % 7};A${i % 5};Kopp ${i % 5};${quantity(i)};${comma(price(i))};${comma(quantity(i) * price(i))};0150;Oslo`,
      {
        invoice: 'Ordrenr',
        date: 'Dato',
        customer: 'Kundenr',
        first_name: 'Fornavn',
        last_name: 'Etternavn',
        email: 'E-post',
        phone: 'Mobil',
        sku: 'Artikkelnr',
        description: 'Beskrivelse',
        quantity: 'Antall',
        unit_price: 'Pris inkl. mva',
        line_total: 'Sum',
        postcode: 'Postnummer',
        city: 'Poststed',
      },
    ],
    [
      'Finnish',
      'Tilausnumero;Päivämäärä;Asiakasnumero;Asiakkaan nimi;Sähköposti;Puhelin;Tuotenumero;Tuote;Määrä;Yksikköhinta;Alennus;ALV;Yhteensä;Postinumero;Kaupunki',
      (i: number) =>
        `T${100 + i};${(i % 28) + 1}.3.2025;A${i % 7};Asiakas ${i % 7};a${i % 7}@x.fi;040123456${i % 7};P${i % 5};Kuppi ${i % 5};${quantity(i)};${comma(price(i))};0,00;${comma(price(i) / 4)};${comma(quantity(i) * price(i))};00100;Helsinki`,
      {
        invoice: 'Tilausnumero',
        date: 'Päivämäärä',
        customer: 'Asiakasnumero',
        full_name: 'Asiakkaan nimi',
        email: 'Sähköposti',
        phone: 'Puhelin',
        sku: 'Tuotenumero',
        description: 'Tuote',
        quantity: 'Määrä',
        unit_price: 'Yksikköhinta',
        line_total: 'Yhteensä',
        postcode: 'Postinumero',
        city: 'Kaupunki',
      },
    ],
    [
      'Turkish',
      'Sipariş No;Sipariş Tarihi;Müşteri No;Müşteri Adı Soyadı;E-posta;Cep Telefonu;Barkod;Ürün Adı;Miktar;Birim Fiyatı;İndirim Tutarı;KDV Tutarı;Kargo Ücreti;Toplam Tutar;Şehir;Mağaza',
      (i: number) =>
        `S${100 + i};${day(i)}.03.2025;M${i % 7};Müşteri ${i % 7};m${i % 7}@x.tr;053212345${i % 7};86900${i % 5};Kupa ${i % 5};${quantity(i)};${comma(price(i))};0,00;${comma(price(i) / 5)};5,00;${comma(quantity(i) * price(i))};İstanbul;Kadıköy`,
      {
        invoice: 'Sipariş No',
        date: 'Sipariş Tarihi',
        customer: 'Müşteri No',
        full_name: 'Müşteri Adı Soyadı',
        email: 'E-posta',
        phone: 'Cep Telefonu',
        sku: 'Barkod',
        description: 'Ürün Adı',
        quantity: 'Miktar',
        unit_price: 'Birim Fiyatı',
        line_total: 'Toplam Tutar',
        city: 'Şehir',
      },
    ],
    [
      'Russian',
      'Номер заказа;Дата заказа;Код клиента;ФИО;Телефон;Дата рождения;Группа клиента;Артикул;Наименование товара;Количество;Цена;Скидка;Сумма НДС;Стоимость доставки;Сумма;Город;Магазин',
      (i: number) =>
        `З${100 + i};${day(i)}.03.2025;К${i % 7};Иванов ${i % 7};+7916123456${i % 7};01.01.1990;VIP;А${i % 5};Кружка ${i % 5};${quantity(i)};${comma(price(i))};0,00;${comma(price(i) / 5)};5,00;${comma(quantity(i) * price(i))};Москва;ТЦ1`,
      {
        invoice: 'Номер заказа',
        date: 'Дата заказа',
        customer: 'Код клиента',
        full_name: 'ФИО',
        phone: 'Телефон',
        sku: 'Артикул',
        description: 'Наименование товара',
        quantity: 'Количество',
        unit_price: 'Цена',
        line_total: 'Сумма',
        city: 'Город',
      },
    ],
    [
      'Japanese',
      '注文番号;注文日時;顧客ID;氏名;メールアドレス;電話番号;生年月日;会員ランク;商品コード;商品名;数量;単価;割引金額;消費税額;送料;税込金額;店舗名',
      (i: number) =>
        `J${100 + i};2025/03/${day(i)} 10:00;C${i % 7};山田${i % 7};t${i % 7}@x.jp;031234567${i % 7};1990/01/01;Gold;A${i % 5};マグ${i % 5};${quantity(i)};${comma(price(i))};0;${comma(price(i) / 10)};500;${comma(quantity(i) * price(i))};渋谷店`,
      {
        invoice: '注文番号',
        date: '注文日時',
        customer: '顧客ID',
        full_name: '氏名',
        email: 'メールアドレス',
        phone: '電話番号',
        sku: '商品コード',
        description: '商品名',
        quantity: '数量',
        unit_price: '単価',
        line_total: '税込金額',
      },
    ],
    [
      'Chinese',
      '订单编号;买家会员名;订单创建时间;宝贝标题;商家编码;购买数量;单价;优惠金额;运费;实付金额;运单号;收货人姓名;联系电话',
      (i: number) =>
        `T${100 + i};buyer${i % 7};2025-03-${day(i)} 10:00:00;马克杯${i % 5};A${i % 5};${quantity(i)};${comma(price(i))};0,00;5,00;${comma(quantity(i) * price(i))};SF${i};张${i % 7};1380000000${i % 7}`,
      {
        invoice: '订单编号',
        customer: '买家会员名',
        date: '订单创建时间',
        description: '宝贝标题',
        sku: '商家编码',
        quantity: '购买数量',
        unit_price: '单价',
        line_total: '实付金额',
        full_name: '收货人姓名',
        phone: '联系电话',
      },
    ],
    [
      'Korean',
      '주문번호;주문일시;구매자ID;구매자명;상품명;상품코드;수량;판매가;할인금액;배송비;결제금액',
      (i: number) =>
        `K${100 + i};2025-03-${day(i)} 10:00;u${i % 7};김${i % 7};머그${i % 5};A${i % 5};${quantity(i)};${comma(price(i))};0,00;3,00;${comma(quantity(i) * price(i))}`,
      {
        invoice: '주문번호',
        date: '주문일시',
        customer: '구매자ID',
        full_name: '구매자명',
        description: '상품명',
        sku: '상품코드',
        quantity: '수량',
        unit_price: '판매가',
        line_total: '결제금액',
      },
    ],
    [
      'Portuguese (Brazil)',
      'Número do Pedido;Data do Pedido;Código do Cliente;Nome do Cliente;E-mail;Código do Produto;Produto;Qtde em Estoque;Qtde;Valor Unitário;Desconto;Frete;Total do Item;CEP;Cidade',
      (i: number) =>
        `P${100 + i};${day(i)}/03/2025;C${i % 7};Cliente ${i % 7};c${i % 7}@x.com.br;A${i % 5};Caneca ${i % 5};${40 + i};${quantity(i)};${comma(price(i))};0,00;9,90;${comma(quantity(i) * price(i))};01310-100;São Paulo`,
      {
        invoice: 'Número do Pedido',
        date: 'Data do Pedido',
        customer: 'Código do Cliente',
        full_name: 'Nome do Cliente',
        email: 'E-mail',
        sku: 'Código do Produto',
        description: 'Produto',
        quantity: 'Qtde',
        unit_price: 'Valor Unitário',
        line_total: 'Total do Item',
        postcode: 'CEP',
        city: 'Cidade',
      },
    ],
  ])('%s: every column maps to its role, and the revenue is the lines’', async (_language, header, line, mapping) => {
    const ds = await openDataset(sql, [new MemorySource('export.csv', new TextEncoder().encode(csv(header, line)))]);
    expect(ds.canonical.mapping.mapping).toEqual(mapping);
    expect(ds.report.rows_kept).toBe(40);
    expect(ds.report.revenue).toBeCloseTo(revenue, 6);
  });

  it("a till's VAT, discount, birth date, customer group, store email and supplier are none of the sale's roles", async () => {
    const header =
      'Kvittonummer;Datum;Tid;Kund;Butik e-post;Födelsedatum;Kundgrupp;Artikel;Benämning;Varugrupp;Antal;Pris inkl. moms;Momsbelopp;Rabattbelopp;Leverantör';
    const line = (i: number) =>
      `K${100 + i};2025-03-${day(i)};1${i % 10}:00;C${i % 7};butik@x.se;1980-01-${day(i)};${i % 2 ? 'VIP' : 'Standard'};A${i % 5};Kopp ${i % 5};Porslin;${quantity(i)};${comma(price(i))};${comma(price(i) / 5)};${i % 4 ? '0,00' : '0,50'};Rörstrand`;
    const ds = await openDataset(sql, [new MemorySource('kassa.csv', new TextEncoder().encode(csv(header, line)))]);
    expect(ds.canonical.mapping.mapping).toEqual({
      invoice: 'Kvittonummer',
      date: 'Datum',
      time: 'Tid',
      customer: 'Kund',
      sku: 'Artikel',
      description: 'Benämning',
      category: 'Varugrupp',
      quantity: 'Antal',
      unit_price: 'Pris inkl. moms',
    });
    expect(ds.report.revenue).toBeCloseTo(revenue, 6);
  });

  it("a Danish discount column beside line totals of quantity × price is said, as other languages' are", async () => {
    const line = (i: number) =>
      `O${100 + i};${day(i)}-03-2025;K${i % 7};${quantity(i)};${comma(price(i))};${i % 4 ? '0,00' : '0,50'};${comma(quantity(i) * price(i))}`;
    const ds = await openDataset(sql, [
      new MemorySource('ordrer.csv', new TextEncoder().encode(csv('Ordrenummer;Ordredato;Kundenummer;Antal;Stykpris;Rabat;Beløb', line))),
    ]);
    expect(figureWarnings(ds).find((w) => w.includes('"Rabat"'))).toMatch(/^discounts of 5\.00 on 10 lines \("Rabat"\) are not taken off/);
  });

  it.each([
    ['Turkish', 'Sipariş Durumu', 'İptal'],
    ['Turkish', 'Durum', 'İADE EDİLDİ'],
    ['Finnish', 'Tila', 'Peruttu'],
    ['Swedish', 'Orderstatus', 'Returnerad'],
    ['Russian', 'Статус заказа', 'Отменен'],
    ['Japanese', 'ステータス', 'キャンセル'],
    ['Chinese', '订单状态', '交易关闭'],
    ['Korean', '주문상태', '주문취소'],
    ['Portuguese', 'Status do Pedido', 'Cancelado'],
    ['Spanish', 'Estado de la orden', 'Cancelada'],
    ['Spanish', 'Estado del pedido', 'Pedido cancelado'],
    ['Portuguese', 'Status do Pagamento', 'Pagamento recusado'],
    ['French', 'Statut', 'Commande annulée'],
    ['Portuguese', 'Situação', 'Estornado'],
    ['French', 'Statut de la commande', 'Annulée'],
    ['Italian', "Stato dell'ordine", 'Annullato'],
    ['Polish', 'Status zamówienia', 'Anulowane'],
  ])('a %s order status "%s" of "%s" leaves its order out, as no sale', async (_language, header, status) => {
    const line = (i: number) => `O${100 + i};2025-03-${day(i)};K${i % 7};${quantity(i)};${comma(price(i))};${i === 3 ? status : 'OK'}`;
    const ds = await openDataset(sql, [new MemorySource('o.csv', new TextEncoder().encode(csv(`Order;Date;Customer;Qty;Price;${header}`, line)))]);
    expect(ds.canonical.statusColumn?.column).toBe(header);
    expect(ds.report.rows_kept).toBe(39);
  });

  it("a Japanese till's units sold (売上数: 売上, sales, and 数, a count) are its quantity, not its sales' amount, in a file too short to check amounts against", async () => {
    // Three lines: below the look at whether a column of whole units is an amount, so only its name tells.
    const text = '伝票番号,売上日,顧客ID,商品名,売上数,単価\nJ1,2025/03/01,C1,マグ,2,450\nJ2,2025/03/02,C2,皿,1,700\nJ3,2025/03/15,C1,皿,1,700\n';
    const ds = await openDataset(sql, [new MemorySource('pos.csv', new TextEncoder().encode(text))]);
    expect(ds.canonical.mapping.mapping).toMatchObject({ date: '売上日', quantity: '売上数', unit_price: '単価' });
    expect(ds.canonical.mapping.mapping.line_total).toBeUndefined();
    expect(ds.report.revenue).toBe(2300);
  });

  it('writes the letters no accent can be stripped from as plain ones, and keeps those of other scripts', () => {
    expect(['Beløb', 'Mængde', 'Wysyłka', 'Œuvre', 'Ðakovo'].map(normaliseHeader)).toEqual(['belob', 'maengde', 'wysylka', 'oeuvre', 'dakovo']);
    // Other scripts keep their letters, "й" without its breve as "и" with one is written; half-width kana are read as full-width ones.
    expect(['Номер заказа', 'Кількість', 'Код клієнта', 'ｺｰﾄﾞ', '商品コード'].map(normaliseHeader)).toEqual([
      'номерзаказа',
      'кількість',
      'кодклієнта',
      'コード',
      '商品コード',
    ]);
  });
});

describe('a short Spanish orders export, its order total on every line', () => {
  it('reads its order number, buyer, product fields and status, and sets its order total aside (revenue 94,900 of 56,000 before, without a word)', async () => {
    const text = [
      'Número de orden,Email,Fecha,Estado de la orden,Moneda,Subtotal de productos,Costo de envío,Total,Nombre del comprador,Nombre del producto,Precio del producto,Cantidad del producto,SKU',
      '101,ana@x.com,05/03/2024 10:15,Abierta,ARS,"35000,00","1500,00","36500,00",Ana Lima,Taza,"10000,00",2,TZ-1',
      '101,ana@x.com,05/03/2024 10:15,Abierta,ARS,"35000,00","1500,00","36500,00",Ana Lima,Vaso,"15000,00",1,VS-2',
      '102,bia@x.com,06/03/2024 11:00,Cancelada,ARS,"7000,00","900,00","7900,00",Bia Paz,Plato,"7000,00",1,PL-3',
      '103,ana@x.com,17/03/2024 12:00,Cerrada,ARS,"21000,00","900,00","21900,00",Ana Lima,Plato,"7000,00",3,PL-3',
    ].join('\n');
    const ds = await openDataset(sql, [new MemorySource('ordenes.csv', new TextEncoder().encode(`${text}\n`))]);
    expect(ds.canonical.mapping.mapping).toMatchObject({
      invoice: 'Número de orden',
      customer: 'Email',
      full_name: 'Nombre del comprador',
      description: 'Nombre del producto',
      unit_price: 'Precio del producto',
      quantity: 'Cantidad del producto',
    });
    expect(ds.canonical.mapping.mapping.line_total).toBeUndefined();
    expect(ds.canonical.orderTotals).toMatchObject({ column: 'Total', orders: 1, of: 1 });
    expect(ds.canonical.statusColumn?.column).toBe('Estado de la orden');
    expect(ds.report.rows_kept).toBe(3);
    expect(ds.report.revenue).toBe(20000 + 15000 + 21000);
  });
});

describe("a marketplace sales report in Portuguese (the shape of Mercado Livre's): titles above, dates in words, the buyer by CPF", () => {
  it('reads the sale number, a date written "1 de março de 2025 10:05 hs.", the CPF as the customer, the buyer\'s name beside it, and leaves out sales cancelled by the buyer', async () => {
    const months = ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'];
    const header =
      'N.º de venda;Data da venda;Estado;Unidades;Receita por produtos (BRL);SKU;Título do anúncio;Preço unitário de venda do anúncio (BRL);Comprador;CPF';
    const lines = Array.from({ length: 40 }, (_, i) => {
      const status = i % 8 === 3 ? 'Cancelada pelo comprador' : 'Entregue';
      return `${2000000 + i};${(i % 28) + 1} de ${months[i % 12]} de 2025 ${10 + (i % 10)}:${day(i)} hs.;${status};${quantity(i)};${comma(quantity(i) * price(i))};SK-${i % 5};Caneca ${i % 5};${comma(price(i))};Comprador ${i % 7};${String(100 + (i % 7)).padStart(3, '0')}.456.789-0${i % 7}`;
    });
    const text = ['Vendas;;;;;;;;;', 'Relatório de vendas;;;;;;;;;', '', header, ...lines].join('\n');
    const ds = await openDataset(sql, [new MemorySource('vendas.csv', new TextEncoder().encode(`${text}\n`))]);
    expect(ds.canonical.mapping.mapping).toMatchObject({
      invoice: 'N.º de venda',
      date: 'Data da venda',
      customer: 'CPF',
      full_name: 'Comprador',
      quantity: 'Unidades',
      unit_price: 'Preço unitário de venda do anúncio (BRL)',
    });
    expect(ds.canonical.parseIssues).toEqual([]);
    expect(ds.canonical.statusColumn?.column).toBe('Estado');
    const kept = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 8 !== 3);
    expect(ds.report.rows_kept).toBe(kept.length);
    expect(ds.report.revenue).toBeCloseTo(
      kept.reduce((t, i) => t + quantity(i) * price(i), 0),
      6,
    );
    expect(ds.report.customers).toBe(7);
    expect(ds.report.date_min).toBe('2025-01-01 10:01:00');
  });
});
