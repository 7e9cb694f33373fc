import { NoteLegend } from '../../../../src/teams/cards/note-legend';

describe('NoteLegend', () => {
  it('numbers distinct sentences once, counts repeats and keeps the strongest colour', () => {
    const legend = new NoteLegend(5);
    expect(legend.add('a', 'Default')).toBe(1);
    expect(legend.add('b', 'Warning')).toBe(2);
    expect(legend.add('a', 'Attention')).toBe(1);
    expect(legend.add('a', 'Warning')).toBe(1);
    expect(legend.entries()).toEqual([
      { number: 1, text: 'a', color: 'Attention', count: 3 },
      { number: 2, text: 'b', color: 'Warning', count: 1 },
    ]);
    expect(legend.omitted).toBe(0);
  });

  it('counts the distinct sentences it has no room for', () => {
    const legend = new NoteLegend(1);
    legend.add('a', 'Default');
    expect(legend.add('b', 'Default')).toBeUndefined();
    expect(legend.add('b', 'Default')).toBeUndefined();
    expect(legend.add('c', 'Default')).toBeUndefined();
    expect(legend.entries()).toHaveLength(1);
    expect(legend.omitted).toBe(2);
  });
});
